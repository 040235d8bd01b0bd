"""Demo questions desk: the service standard, partners, verified answers and open questions.

Written through the product's services, as the demo's administrator and moderator would.
"""

from datetime import date, timedelta

from django.utils import timezone

from passerelle.communities.models import Membership
from passerelle.conversations.models import Label, Message
from passerelle.conversations.services import messages_record, private_thread_for
from passerelle.demo.helpdesk.texts import (
    FAQ,
    PARTNERS,
    PRIVATE_ANSWERED,
    PRIVATE_WAITS,
    STANDARD,
)
from passerelle.faq.models import FaqEntry
from passerelle.faq.services import REVIEW_AFTER, faq_entry_save
from passerelle.questions.models import Question, ServiceStandard
from passerelle.questions.services import (
    message_label_set,
    private_waits_answer,
    question_close,
    question_mark_answered,
    question_open,
    standard_for,
    standard_save,
)
from passerelle.questions.waiting import private_wait_track
from passerelle.referrals.models import Partner, PartnerService, Referral
from passerelle.referrals.services import (
    partner_save,
    partner_service_save,
    referral_draft,
    referral_record,
)


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


def _quiet_members(service, count: int) -> list:
    """Active members with no private question yet: their conversations carry the demo's
    private messages waiting (and nothing else of the demo answers them by accident)."""
    busy = Question.objects.filter(service=service).values("member_id")
    memberships = (
        Membership.objects.filter(service=service, ended_at__isnull=True)
        .exclude(member_id__in=busy)
        .select_related("member")
        .order_by("-member_id")[:count]
    )
    return [m.member for m in memberships]


def _private_waits(service, role, now) -> int:
    """Private messages timed from their arrival: some overdue, one labelled a request
    (same clock), one recent, and one the moderator answered (the reply stopped it)."""
    if Question.objects.filter(service=service, source=Question.Source.PRIVATE).exists():
        return 0
    members = _quiet_members(service, len(PRIVATE_WAITS) + 1)
    if len(members) < len(PRIVATE_WAITS) + 1:
        return 0
    tracked = 0
    for member, (hours, text, labelled) in zip(members, PRIVATE_WAITS, strict=False):
        (message,) = messages_record(
            [
                {
                    "thread": private_thread_for(service, member),
                    "member": member,
                    "direction": "in",
                    "text": text,
                    "at": now - timedelta(hours=hours),
                }
            ]
        )
        tracked += private_wait_track(message=message) is not None
        if labelled:
            message_label_set(role=role, message=message, label=Label.REQUEST)
    hours, text, reply = PRIVATE_ANSWERED
    member = members[len(PRIVATE_WAITS)]
    thread = private_thread_for(service, member)
    (message,) = messages_record(
        [
            {
                "thread": thread,
                "member": member,
                "direction": "in",
                "text": text,
                "at": now - timedelta(hours=hours),
            }
        ]
    )
    tracked += private_wait_track(message=message) is not None
    (answer,) = messages_record(
        [
            {
                "thread": thread,
                "direction": "out",
                "author": role.user,
                "text": reply,
                "at": now - timedelta(hours=hours - 3),
            }
        ]
    )
    # Recorded, not sent (the demo sends nothing): the reply stops the clock as a sent one does.
    private_waits_answer(reply=answer, thread=thread)
    return tracked


def _referrals(service, role, now) -> int:
    """Two open referrals (follow-up not due yet) from the demo's answered questions,
    recorded like the history: the demo sends nothing."""
    if Referral.objects.filter(service=service).exists():
        return 0
    partners = list(Partner.objects.filter(org_id=service.org_id, is_active=True).order_by("id"))
    questions = (
        Question.objects.filter(
            service=service,
            source=Question.Source.LABELLED,
            status=Question.Status.ANSWERED,
            # Recent enough that the follow-up is still to come.
            answered_at__gte=now - timedelta(days=STANDARD["referral_followup_days"]),
        )
        .exclude(member__isnull=True)
        .select_related("member", "service")
        .order_by("-received_at")[:2]
    )
    made = 0
    for question, partner in zip(questions, partners, strict=False):
        text, language = referral_draft(
            service=service, member=question.member, partner=partner, partner_service=None
        )
        at = question.answered_at + timedelta(minutes=10)
        (message,) = messages_record(
            [
                {
                    "thread": private_thread_for(service, question.member),
                    "direction": "out",
                    "author": role.user,
                    "text": text,
                    "language": language,
                    "label": Label.REFERRAL,
                    "labelled_by": role.user,
                    "at": at,
                }
            ]
        )
        referral_record(
            role=role,
            question=question,
            partner=partner,
            message=message,
            followup_days=standard_for(service).referral_followup_days,
            at=at,
        )
        made += 1
    return made


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
        "private_waits_tracked": _private_waits(service, role, now),
        "referrals_created": _referrals(service, role, now),
    }
