"""Demo questions desk: the service standard, partners, verified answers and open questions."""

from datetime import date, timedelta

from django.utils import timezone

from passerelle.conversations.models import Label, Message
from passerelle.demo.helpdesk.texts import FAQ, PARTNERS, STANDARD
from passerelle.faq.models import FaqEntry, FaqPhrasing
from passerelle.questions.models import Answer, Question, QuestionEvent, ServiceStandard
from passerelle.questions.services import question_open
from passerelle.referrals.models import Partner, PartnerService


def _partners(org) -> int:
    created = 0
    for data in PARTNERS:
        if Partner.objects.filter(org=org, name=data["name"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "services"}
        partner = Partner.objects.create(org=org, **fields)
        for category, name in data["services"]:
            PartnerService.objects.create(org=org, partner=partner, category=category, name=name)
        created += 1
    return created


def _faq(service, moderator, today: date) -> int:
    created = 0
    for title, phrasings, answers, source, url, stale in FAQ:
        if FaqEntry.objects.filter(service=service, title=title).exists():
            continue
        verified = today - timedelta(days=400 if stale else 30)
        entry = FaqEntry.objects.create(
            org=service.org,
            service=service,
            title=title,
            answers=answers,
            source_name=source,
            source_url=url,
            last_verified_on=verified,
            review_by=verified + timedelta(days=182),
            created_by=moderator,
            updated_by=moderator,
        )
        FaqPhrasing.objects.bulk_create(
            FaqPhrasing(org=service.org, entry=entry, language=lang, text=text)
            for lang, texts in phrasings.items()
            for text in texts
        )
        created += 1
    return created


def _questions(service, moderator, now) -> int:
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
        question = question_open(message=message, actor=moderator, via="demo")
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
            Answer.objects.create(
                org=service.org,
                question=question,
                message=reply,
                kind="staff",
                created_by=moderator,
                created_at=reply.created_at,
            )
            Question.objects.filter(pk=question.pk).update(
                status="answered", answered_at=reply.created_at
            )
            QuestionEvent.objects.create(
                org=service.org,
                question=question,
                kind="answered",
                actor=moderator,
                created_at=reply.created_at,
                data={"via": "demo", "message": reply.pk},
            )
        elif message.created_at < now - timedelta(days=4):
            Question.objects.filter(pk=question.pk).update(
                status="closed",
                closed_at=message.created_at + timedelta(days=1),
                due_at=None,
                warn_at=None,
            )
            QuestionEvent.objects.create(
                org=service.org,
                question=question,
                kind="closed",
                actor=moderator,
                data={"via": "demo"},
                created_at=message.created_at + timedelta(days=1),
            )
    return opened


def seed_helpdesk(service, moderator, now=None) -> dict:
    """Add the questions desk to the demo service; running it again adds nothing."""
    now = now or timezone.now()
    ServiceStandard.objects.get_or_create(
        service=service, defaults={"org": service.org, **STANDARD}
    )
    return {
        "partners_created": _partners(service.org),
        "faq_created": _faq(service, moderator, timezone.localdate(now, service.tz)),
        "questions_opened": _questions(service, moderator, now),
    }
