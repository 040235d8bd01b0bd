"""The demo's questions desk: standard, partners, FAQ and questions, seeded once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.communities.services import membership_ensure
from passerelle.conversations.services import message_reply
from passerelle.demo.helpdesk import seed_helpdesk
from passerelle.demo.helpdesk.texts import FAQ, PARTNERS, PRIVATE_WAITS
from passerelle.faq.models import FaqEntry
from passerelle.faq.texts import DEFAULTS
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.referrals.models import Partner, Referral
from passerelle.testing.factories import make_service, make_staff

from .helpers import row_counts


@pytest.mark.django_db
def test_helpdesk_seed_is_complete_and_idempotent():
    service = make_service()
    moderator, role = make_staff(service, Role.MODERATOR)
    admin, _admin_role = make_staff(service, Role.ADMIN)
    now = timezone.now()
    old = inbound(service, at=now - timedelta(days=30))
    answered = inbound(service, private=True, at=now - timedelta(days=6))
    reply = message_reply(role=role, thread=answered.thread, text="answer")
    reply.created_at = answered.created_at + timedelta(hours=3)
    reply.save(update_fields=["created_at"])
    fresh = inbound(service, at=now - timedelta(hours=2))
    stale_unanswered = inbound(service, private=True, at=now - timedelta(days=9))
    for message in (old, answered, fresh, stale_unanswered):
        message.label = "request"
        message.save(update_fields=["label"])

    # Members with nothing asked yet: the private messages waiting go to their chats.
    quiet = [make_member(service) for _ in range(len(PRIVATE_WAITS) + 1)]
    for person in quiet:
        membership_ensure(service=service, member=person, via="test", at=now - timedelta(days=60))

    first = seed_helpdesk(service, moderator, now, admin=admin)
    # Every partner and answer of the demo's texts, and a question for each of the three
    # requests of the last two weeks (the 30-day-old one is history).
    assert first == {
        "partners_created": len(PARTNERS),
        "faq_created": len(FAQ),
        "questions_opened": 3,
        "private_waits_tracked": len(PRIVATE_WAITS) + 1,
        "referrals_created": 1,
    }
    standard = service.standard
    assert (standard.counting, standard.target_hours, standard.subdivision) == (
        "business_days",
        24,
        "ON",
    )
    assert standard.as_spec().timezone == "America/Toronto"
    assert Partner.objects.filter(org=service.org).count() == len(PARTNERS)
    entries = FaqEntry.objects.filter(service=service)
    assert all(set(e.answers) == set(DEFAULTS["greeting"]) for e in entries)
    # The entries written as past their review date are shown as such, and only they.
    stale = sum(1 for *_fields, is_stale in FAQ if is_stale)
    assert (
        0
        < stale
        == sum(e.is_stale(timezone.localdate(timezone=service.tz)) for e in entries)
        < len(FAQ)
    )
    statuses = dict(
        Question.objects.filter(message__in=(old, answered, fresh, stale_unanswered)).values_list(
            "message_id", "status"
        )
    )
    # The answered one is then referred to a partner: the demo's open referral.
    assert statuses == {answered.pk: "referred", fresh.pk: "open", stale_unanswered.pk: "closed"}
    referral = Referral.objects.get()
    assert referral.question.message == answered and referral.outcome == "pending"
    # Private messages waiting: the oldest overdue, one labelled (same clock), one answered.
    waits = Question.objects.exclude(message__in=(old, answered, fresh, stale_unanswered))
    assert waits.count() == len(PRIVATE_WAITS) + 1
    assert {q.member for q in waits} == set(quiet)
    overdue = waits.filter(status="open", due_at__lte=now)
    assert overdue.filter(source="private").exists() and overdue.filter(source="labelled").exists()
    assert waits.filter(status="open", due_at__gt=now, source="private").exists()
    assert waits.get(status="answered").source == "private"

    before = row_counts()
    again = seed_helpdesk(service, moderator, now, admin=admin)
    assert again == {
        "partners_created": 0,
        "faq_created": 0,
        "questions_opened": 0,
        "private_waits_tracked": 0,
        "referrals_created": 0,
    }
    assert row_counts() == before
