"""Demo questions desk: the service standard, partners, verified answers and open questions.

Written through the product's services, as the demo's administrator and moderator would.
"""

from datetime import date, timedelta

from django.utils import timezone

from passerelle.conversations.models import Label, Message
from passerelle.demo.helpdesk.texts import FAQ, PARTNERS, STANDARD
from passerelle.faq.models import FaqEntry
from passerelle.faq.services import REVIEW_AFTER, faq_entry_save
from passerelle.questions.models import Question, ServiceStandard
from passerelle.questions.services import (
    question_close,
    question_mark_answered,
    question_open,
    standard_save,
)
from passerelle.referrals.models import Partner, PartnerService
from passerelle.referrals.services import partner_save, partner_service_save


def _partners(role) -> int:
    created = 0
    for data in PARTNERS:
        if Partner.objects.filter(org_id=role.org_id, name=data["name"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "services"}
        partner = partner_save(role=role, partner=Partner(**fields))
        for category, name in data["services"]:
            partner_service_save(
                role=role,
                partner_service=PartnerService(partner=partner, category=category, name=name),
            )
        created += 1
    return created


def _faq(role, today: date) -> int:
    created = 0
    for title, phrasings, answers, source, url, stale in FAQ:
        if FaqEntry.objects.filter(service_id=role.service_id, title=title).exists():
            continue
        verified = today - timedelta(days=400 if stale else 30)
        entry = FaqEntry(
            title=title,
            answers=answers,
            source_name=source,
            source_url=url,
            last_verified_on=verified,
            review_by=verified + REVIEW_AFTER,
        )
        faq_entry_save(role=role, entry=entry, phrasings=phrasings)
        created += 1
    return created


def _questions(service, role, now) -> int:
    """Questions for the last two weeks' requests.

    The history already answers many requests with a reply in the same thread a few hours
    later: those become answered questions; older ones without a reply were dealt with
    elsewhere (closed); the last four days' stay open for the moderator to work on.
    """
    if Question.objects.filter(service=service).exists():
        return 0
    recent = Message.objects.filter(
        service=service,
        direction="in",
        label=Label.REQUEST,
        created_at__gte=now - timedelta(days=14),
    ).order_by("created_at")
    opened = 0
    for message in recent:
        # Labelled as a request when it arrived: the clock runs from then.
        question = question_open(
            message=message, actor=role.user, via="demo", at=message.created_at
        )
        opened += 1
        reply = (
            Message.objects.filter(
                thread=message.thread,
                direction="out",
                author__isnull=False,
                created_at__gt=message.created_at,
                created_at__lte=message.created_at + timedelta(hours=24),
            )
            .exclude(answers_given__isnull=False)
            .order_by("created_at")
            .first()
        )
        if reply is not None:
            question_mark_answered(role=role, question=question, message=reply, at=reply.created_at)
        elif message.created_at < now - timedelta(days=4):
            question_close(role=role, question=question, at=message.created_at + timedelta(days=1))
    return opened


def seed_helpdesk(service, moderator, now=None, *, admin) -> dict:
    """Add the questions desk to the demo service; running it again adds nothing."""
    now = now or timezone.now()
    role = moderator.staff_roles.get(service=service)
    if not ServiceStandard.objects.filter(service=service).exists():
        standard_save(
            role=admin.staff_roles.get(service=service), standard=ServiceStandard(**STANDARD)
        )
    return {
        "partners_created": _partners(role),
        "faq_created": _faq(role, timezone.localdate(now, service.tz)),
        "questions_opened": _questions(service, role, now),
    }
