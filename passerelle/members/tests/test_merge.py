"""Merging one person's two member rows keeps every row, and an undo restores exactly.

The person wrote on WhatsApp (A) and by SMS (B), through the real inbound handler; staff
replied, labelled a question, referred them, warned them, recorded a consent. A merge of B
into A moves every one of those rows to A (no row created or deleted in any table), and
the undo puts every row back field for field."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.services import membership_event_add
from passerelle.conversations.models import Message, MessageDay, Thread, ThreadEvent
from passerelle.conversations.services import message_reply, messages_record, thread_status_set
from passerelle.members import merge as merging
from passerelle.members.merge import member_merge, member_merge_undo, unclaimed_tables
from passerelle.members.models import Member, MemberMerge, MemberMergeEvent
from passerelle.members.services import consent_record, staff_access_record
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.questions.services import message_label_set
from passerelle.referrals.models import Partner, Referral
from passerelle.referrals.services import partner_save, referral_record
from passerelle.testing.factories import make_staff

# The statements of a merge and of its undo for this person (two threads, two memberships).
QUERIES = (57, 19)

# Every table a person's rows live in, and those that point into their threads and
# memberships: compared whole, row by row, before a merge and after its undo.
TABLES = [
    "members.Identity",
    "members.ConsentEvent",
    "members.StaffAccess",
    "conversations.Thread",
    "conversations.Message",
    "conversations.ThreadEvent",
    "conversations.MessageDay",
    "communities.Membership",
    "communities.MembershipEvent",
    "communities.Intake",
    "prompts.Prompt",
    "questions.Question",
    "questions.QuestionEvent",
    "referrals.Referral",
    "moderation.Report",
    "moderation.MemberWarning",
    "surveys.SurveyRecipient",
    "surveys.SurveyResponse",
    "posts.PostRecipient",
    "events.Registration",
]


def snapshot() -> dict:
    out = {}
    for label in TABLES:
        model = apps.get_model(label)
        names = [f.attname for f in model._meta.concrete_fields]
        out[label] = {row[0]: row for row in model.objects.order_by("pk").values_list(*names)}
    return out


@pytest.fixture
def history(service, person, role):
    """Everything staff did with the person on each channel."""
    a, b = person
    a_thread = Thread.objects.get(member=a, kind="private")
    b_thread = Thread.objects.get(member=b, kind="private")
    message_reply(role=role, thread=a_thread, text="Bonjour Amal, que puis-je faire ?")
    message_reply(role=role, thread=b_thread, text="Hi Amal, got your SMS.")
    thread_status_set(role=role, thread=b_thread, status=Thread.Status.WAITING)
    asked = Message.objects.filter(thread=b_thread, direction="in").first()
    message_label_set(role=role, message=asked, label="request")
    question = Question.objects.filter(message=asked).first()
    partner = partner_save(role=role, partner=Partner(name="Food bank"))
    referral_record(
        role=role,
        question=question,
        partner=partner,
        message=Message.objects.filter(thread=b_thread, direction="out").first(),
        followup_days=7,
        at=asked.created_at,
    )
    b_membership = Membership.objects.get(member=b)
    membership_event_add(membership=b_membership, kind=MembershipEvent.Kind.WARNED, actor=role.user)
    consent_record(service=service, member=b, purpose="surveys", action="given", via="sms_twilio")
    staff_access_record(service=service, member=b, user=role.user, kind="member_page")
    return a, b


def test_a_merge_moves_every_row_of_b_to_a_and_loses_none(history, role, writes, sms):
    a, b = history
    writes(sms, "One more thing")  # unread by staff
    unread = sum(Thread.objects.filter(kind="private").values_list("unread_count", flat=True))
    before = snapshot()
    merge = member_merge(role=role, kept=a, merged=b)
    after = snapshot()
    # Nothing created, nothing deleted, in any table.
    assert {label: set(rows) for label, rows in after.items()} == {
        label: set(rows) for label, rows in before.items()
    }
    assert (
        MessageDay.objects.count()
        and after["conversations.MessageDay"] == (before["conversations.MessageDay"])
    )
    # Everything of the person is A's now: their identities, messages, question, referral…
    assert set(a.identities.values_list("platform", flat=True)) == {"whatsapp", "tel"}
    assert not b.identities.exists()
    assert Message.objects.filter(member=b).count() == 0
    assert Question.objects.exists()
    assert set(Question.objects.values_list("member_id", flat=True)) == {a.pk}
    assert Referral.objects.get().member_id == a.pk
    assert b.consents.count() == 0 and a.consents.count() == 1
    # One private thread holds all four messages, in time order; B's stays, empty.
    kept = Thread.objects.get(member=a, kind="private")
    assert kept.messages.count() == 5
    assert kept.unread_count == unread == 1
    assert kept.last_activity_at == Message.objects.latest("created_at").created_at
    assert ThreadEvent.objects.filter(thread=kept).count() == 1
    assert set(Question.objects.values_list("thread_id", flat=True)) == {kept.pk}
    assert not Thread.objects.get(member=b).messages.exists()
    # One membership, with both joinings and the warning; B's is merged, counted nowhere.
    kept_membership = Membership.objects.get(member=a)
    assert kept_membership.events.count() == 3
    assert Membership.objects.get(member=b).status == Membership.Status.MERGED
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert merge.moved and MemberMergeEvent.objects.get().kind == "merged"
    assert MemberMergeEvent.objects.get().data["conversations.Message"] == 3


def test_the_undo_puts_back_exactly_what_moved(history, role):
    a, b = history
    before = snapshot()
    merge = member_merge(role=role, kept=a, merged=b)
    member_merge_undo(role=role, merge=merge)
    assert snapshot() == before
    b.refresh_from_db()
    assert b.merged_into_id is None
    merge.refresh_from_db()
    assert merge.is_undone and merge.undone_by == role.user
    assert list(merge.events.values_list("kind", flat=True)) == ["merged", "undone"]
    with pytest.raises(ValidationError):
        member_merge_undo(role=role, merge=merge)
    # And the two can be merged again (the other way round, this time).
    member_merge(role=role, kept=b, merged=a)
    assert Thread.objects.get(member=b, kind="private").messages.count() == 4


def test_a_merged_member_is_not_merged_twice_nor_into_themselves(person, role):
    a, b = person
    with pytest.raises(ValidationError):
        member_merge(role=role, kept=a, merged=a)
    member_merge(role=role, kept=a, merged=b)
    b.refresh_from_db()
    with pytest.raises(ValidationError):
        member_merge(role=role, kept=a, merged=b)
    assert MemberMerge.objects.count() == 1


@pytest.mark.parametrize("kind", [Role.PARTNER, Role.VIEWER, Role.VOLUNTEER])
def test_partners_viewers_and_volunteers_cannot_merge(service, person, kind):
    a, b = person
    other = make_staff(service, kind)[1]
    with pytest.raises(PermissionDenied):
        member_merge(role=other, kept=a, merged=b)
    assert not MemberMerge.objects.exists()


def test_an_administrator_can_merge_and_undo(service, person):
    a, b = person
    admin = make_staff(service, Role.ADMIN)[1]
    member_merge_undo(role=admin, merge=member_merge(role=admin, kept=a, merged=b))


def test_every_table_pointing_at_members_has_its_merge_handler():
    # Every app registers its handler (cases included, from its AppConfig).
    assert unclaimed_tables() == []


def test_a_table_no_handler_moves_makes_the_merge_refuse_rather_than_lose_rows(
    history, role, monkeypatch
):
    a, b = history
    handlers = {k: v for k, v in merging._handlers.items() if k != "referrals"}
    monkeypatch.setattr(merging, "_handlers", handlers)
    with pytest.raises(ValidationError, match="referrals.Referral"):
        member_merge(role=role, kept=a, merged=b)
    assert Member.objects.get(pk=b.pk).merged_into_id is None
    assert Referral.objects.get().member_id == b.pk


def test_a_merge_also_joins_two_memberships_counting_the_events_once(history, role):
    a, b = history
    events = MembershipEvent.objects.count()
    member_merge(role=role, kept=a, merged=b)
    assert MembershipEvent.objects.count() == events  # both active: no correction needed
    assert Membership.objects.get(member=a).status == Membership.Status.ACTIVE


def _history_of(member, n):
    thread = Thread.objects.get(member=member, kind="private")
    start = timezone.now() - timedelta(days=30)
    messages_record(
        [
            {
                "thread": thread,
                "direction": "in",
                "text": f"message {i}",
                "at": start + timedelta(minutes=i),
                "member": member,
            }
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [5, 500])
def test_a_merge_costs_the_same_statements_however_long_the_history(person, role, n):
    a, b = person
    _history_of(b, n)
    with CaptureQueriesContext(connection) as merged:
        merge = member_merge(role=role, kept=a, merged=b)
    with CaptureQueriesContext(connection) as undone:
        member_merge_undo(role=role, merge=merge)
    assert Message.objects.filter(member=b).count() == n + 1
    # Measured: the same count for 5 and for 500 messages (no statement per row).
    assert (len(merged), len(undone)) == QUERIES
