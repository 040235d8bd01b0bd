"""Writes for referrals: sending a member to a partner, following up, recording the outcome.

The follow-up is a stored due time (`followup_due_at`) swept by the scheduler, asked as a
prompt (passerelle.prompts) owned by the referral; the member's answer ("1", "no", "لا"…)
reaches FollowupOwner.answered through routing's open-prompt step.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.replies import reply_block_reasons
from passerelle.conversations.models import Label, Message
from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.services import (
    message_reply,
    message_send_system,
    private_thread_for,
)
from passerelle.faq import texts
from passerelle.faq.canned import canned_template, canned_text, fill
from passerelle.members.models import ConsentEvent, partner_scope
from passerelle.members.selectors import consent_is_given
from passerelle.orgs.models import Service
from passerelle.orgs.permissions import require
from passerelle.prompts.models import Prompt
from passerelle.prompts.parsing import parse
from passerelle.prompts.services import prompt_cancel, prompts_ask_many
from passerelle.questions.models import Question, QuestionEvent
from passerelle.questions.services import question_mark_referred, question_reopen, standard_for
from passerelle.referrals.models import Partner, PartnerService, Referral

# How long after a follow-up a member's "1/2/3" still counts as its answer.
ANSWER_WINDOW = timedelta(days=14)
# "Not yet" asks once more; after that the moderator follows up in person.
MAX_FOLLOWUPS = 2

# The follow-up's answers, in the order its text numbers them (faq.texts FOLLOWUP); the
# engine reads phrases longest first, so "not yet" is never read as "no".
FOLLOWUP_OPTIONS = [
    {
        "value": Referral.Outcome.YES.value,
        "labels": {"en": "Yes", "fr": "Oui", "ar": "نعم"},
        "words": ["ايه", "اي", "اجل"],
    },
    {"value": Referral.Outcome.NO.value, "labels": {"en": "No", "fr": "Non", "ar": "لا"}},
    {
        "value": Referral.Outcome.NOT_YET.value,
        "labels": {"en": "Not yet", "fr": "Pas encore", "ar": "ليس بعد"},
        "words": ["مش بعد", "لسا", "لسه"],
    },
]
# The owner name of the follow-up's prompts (referrals.apps registers FollowupOwner).
OWNER = "referral"


def partner_save(*, role, partner: Partner) -> Partner:
    """Create or update a partner of the role's organization."""
    require(role, "moderate")
    if partner.pk and partner.org_id != role.org_id:
        raise PermissionDenied(_("This partner belongs to another organization."))
    partner.org_id = role.org_id
    partner.full_clean()
    partner.save()
    return partner


def partner_service_save(*, role, partner_service: PartnerService) -> PartnerService:
    """Create or update one service of a partner of the role's organization."""
    require(role, "moderate")
    if partner_service.partner.org_id != role.org_id:
        raise PermissionDenied(_("This partner belongs to another organization."))
    partner_service.org_id = role.org_id
    partner_service.full_clean()
    partner_service.save()
    return partner_service


def referral_details(
    partner: Partner, partner_service: PartnerService | None, language: str, default: str = ""
) -> str:
    """The partner's contact lines, labelled and worded in the member's language (else in
    the service's default language)."""

    def word(key):
        return texts.WORDS[key].get(language) or texts.WORDS[key]["en"]

    def text(item, field):
        return item.text_for(field, language, default) if item else ""

    ps = partner_service
    lines = []
    for key, value in (
        ("phone", (ps.phone if ps else "") or partner.phone),
        ("address", partner.address),
        ("hours", text(ps, "hours") or text(partner, "hours")),
        ("website", partner.website),
        ("email", partner.email),
        ("languages", ", ".join((ps.languages if ps else []) or partner.languages)),
        ("intake", text(ps, "intake_notes") or text(partner, "intake_notes")),
    ):
        if value:
            lines.append(f"{word(key)}: {value}")
    return "\n".join(lines)


def referral_draft(
    *, service, member, partner: Partner, partner_service: PartnerService | None
) -> tuple[str, str]:
    """(text, language): the referral message the moderator may edit before sending."""
    language = member.language if member else ""
    template, used = canned_template(service, texts.REFERRAL, language)
    default = service.default_language
    what = (
        partner_service.name
        if partner_service
        else partner.text_for("description", used, default)[:80]
    )
    return fill(
        template,
        {
            "name": member.display_name if member else "",
            "partner": partner.name,
            "service": what,
            "details": referral_details(partner, partner_service, used, default),
        },
    ), used


def sharing_consent_check(*, service, member, partner: Partner) -> None:
    """In a one-to-one service (case management, docs/cases.md) a referral shares the
    client's situation with the partner: refused unless the client's latest answer to
    sharing with that very partner is "given". A group service's referral only sends the
    member the partner's details, and shares nothing with the partner."""
    if service.mode != Service.Mode.ONE_TO_ONE:
        return
    scope = partner_scope(partner.pk)
    if not consent_is_given(member, service.pk, ConsentEvent.Purpose.DATA_SHARING, scope):
        raise ValidationError(
            _(
                "%(name)s has not agreed to share their information with %(partner)s. Record "
                "their consent on the client file (or send them the consent request) first."
            )
            % {"name": member.display_name, "partner": partner.name}
        )


def referral_create(
    *,
    role,
    question: Question,
    partner: Partner,
    text: str,
    partner_service: PartnerService | None = None,
    followup_days: int | None = None,
) -> Referral:
    """Send the member the partner's details privately, record it, plan the follow-up."""
    require(role, "reply")
    if question.service_id != role.service_id:
        raise PermissionDenied(_("This question belongs to another service."))
    if partner.org_id != role.org_id or not partner.is_active:
        raise PermissionDenied(_("This partner belongs to another organization."))
    if partner_service is not None and partner_service.partner_id != partner.pk:
        raise ValidationError(_("This service is not offered by this partner."))
    if question.member is None:
        raise ValidationError(_("This question has no member to refer."))
    sharing_consent_check(service=question.service, member=question.member, partner=partner)
    if followup_days is None:
        followup_days = standard_for(question.service).referral_followup_days
    if not 1 <= followup_days <= 90:
        raise ValidationError(_("Follow up after 1 to 90 days."))
    member = question.member
    now = timezone.now()
    with transaction.atomic():
        thread = private_thread_for(question.service, member)
        # The activity table's "Referrals" line counts these messages.
        message = message_reply(role=role, thread=thread, text=text, label=Label.REFERRAL)
        return referral_record(
            role=role,
            question=question,
            partner=partner,
            partner_service=partner_service,
            message=message,
            followup_days=followup_days,
            at=now,
        )


def referral_record(
    *, role, question, partner, message, followup_days: int, at, partner_service=None
) -> Referral:
    """Record a referral whose message is already stored (sent by referral_create, or
    recorded with the demo's history) and mark the question referred."""
    member = question.member
    with transaction.atomic():
        referral = Referral.objects.create(
            org_id=question.org_id,
            service_id=question.service_id,
            question=question,
            member=member,
            partner=partner,
            partner_service=partner_service,
            language=member.language or message.language,
            message=message,
            created_by=role.user,
            created_at=at,
            followup_days=followup_days,
            followup_due_at=at + timedelta(days=followup_days),
        )
        question_mark_referred(question=question, actor=role.user, referral_id=referral.pk, at=at)
    return referral


def referral_followups_send(referrals, *, now) -> int:
    """Send the due follow-ups of one service's referrals in a few statements; how many went.

    Each referral is claimed by its own conditional update (two schedulers never send one
    twice); what follows is batched: threads, addresses, contacts and texts read once, the
    messages and their sends written in bulk. All of it commits together, or none of it.
    """
    with transaction.atomic():
        claimed = [
            referral
            for referral in referrals
            if Referral.objects.filter(
                pk=referral.pk, followup_sent_at__isnull=True, followup_due_at__lte=now
            ).update(followup_sent_at=now, followup_count=F("followup_count") + 1)
            == 1
        ]
        if not claimed:
            return 0
        service = claimed[0].service
        members = [referral.member for referral in claimed]
        addresses = reach_for_many(members, service.pk)
        blocked = reply_block_reasons(
            {r.pk: addresses.get(r.member_id, []) for r in claimed}, now=now
        )
        templates: dict = {}  # language asked -> (template, language used), read once
        asks, sent = [], []
        for referral in claimed:
            if reason := blocked[referral.pk]:
                # Claimed all the same: retrying every sweep would not open the platform's window.
                Referral.objects.filter(pk=referral.pk).update(followup_error=reason[:500])
                continue
            if referral.language not in templates:
                templates[referral.language] = canned_template(
                    service, texts.FOLLOWUP, referral.language
                )
            template, used = templates[referral.language]
            text = fill(
                template,
                {
                    "name": referral.member.display_name,
                    "partner": referral.partner.name,
                    "days": (now - referral.created_at).days or referral.followup_days,
                },
            )
            asks.append(
                {
                    "member": referral.member,
                    "channel": None,
                    "owner": OWNER,
                    "owner_id": referral.pk,
                    "key": "followup",
                    "kind": Prompt.Kind.CHOICE,
                    "wording": {used: text},
                    "options": FOLLOWUP_OPTIONS,
                    "language": used,
                    # The text numbers its answers itself; a member writing days later
                    # about something else is not asked "did it help?" again.
                    "show_options": False,
                    "reask": False,
                    "expires_at": now + ANSWER_WINDOW,
                }
            )
            sent.append(referral)
        prompts = prompts_ask_many(service=service, asks=asks, at=now, addresses=addresses)
        for referral, prompt in zip(sent, prompts, strict=True):
            # None while it waits behind another question to the member (asked after it).
            referral.followup_message = prompt.message
        Referral.objects.bulk_update(sent, ["followup_message"])
    return len(sent)


def parse_followup_answer(text: str) -> str | None:
    """The outcome a member's reply means ("1", "oui", "لا", "not yet"…), or None."""
    answer = parse(text, kind=Prompt.Kind.CHOICE, options=FOLLOWUP_OPTIONS)
    return None if answer is None else answer.value


def referral_outcome_record(
    *, referral: Referral, outcome: str, message: Message | None = None, actor=None
) -> bool:
    """Record whether the referral helped; "no" reopens the question, "not yet" asks again."""
    if outcome not in (Referral.Outcome.YES, Referral.Outcome.NO, Referral.Outcome.NOT_YET):
        raise ValidationError(_("Unknown outcome."))
    now = timezone.now()
    again = outcome == Referral.Outcome.NOT_YET and referral.followup_count < MAX_FOLLOWUPS
    changes = {"outcome": outcome, "outcome_at": now, "outcome_message": message}
    if again:
        changes.update(
            followup_sent_at=None, followup_due_at=now + timedelta(days=referral.followup_days)
        )
    with transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(**changes)
        question = referral.question
        if question is not None:
            QuestionEvent.objects.create(
                org_id=referral.org_id,
                question=question,
                actor=actor,
                created_at=now,
                kind=QuestionEvent.Kind.REFERRAL_OUTCOME,
                data={
                    "referral": referral.pk,
                    "outcome": outcome,
                    "message": message.pk if message else None,
                },
            )
            if outcome == Referral.Outcome.NO:
                question_reopen(question=question, actor=actor, via="referral_followup")
        if message is not None:
            kind = {
                Referral.Outcome.YES: texts.FOLLOWUP_YES,
                Referral.Outcome.NO: texts.FOLLOWUP_NO,
                Referral.Outcome.NOT_YET: texts.FOLLOWUP_NOT_YET,
            }[outcome]
            text, used = canned_text(
                referral.service, kind, referral.language, name=referral.member.display_name
            )
            message_send_system(thread=message.thread, text=text, reply_to=message, language=used)
    for field, value in changes.items():
        setattr(referral, field, value)
    return True


def referral_outcome_set(*, role, referral: Referral, outcome: str) -> bool:
    """A moderator records the outcome the member gave another way (phone, in person)."""
    require(role, "reply")
    if referral.service_id != role.service_id:
        raise PermissionDenied(_("This referral belongs to another service."))
    with transaction.atomic():
        # Answered another way: the question in the conversation no longer waits.
        prompt_cancel(owner=OWNER, owner_id=referral.pk)
        return referral_outcome_record(referral=referral, outcome=outcome, actor=role.user)


class FollowupOwner:
    """The member's answer to "did it help?" (prompts.owners, registered as OWNER)."""

    def answered(self, *, prompt, answer, at) -> None:
        referral = (
            Referral.objects.select_related("service", "member", "question")
            .filter(pk=prompt.owner_id)
            .first()
        )
        if referral is not None:
            referral_outcome_record(referral=referral, outcome=answer.value, message=answer.message)

    def expired(self, *, prompt, at) -> None:
        # Unanswered after ANSWER_WINDOW: the referral stays pending, for the moderator.
        return None


def referrals_erase_for_member(*, member) -> int:
    """The person's data is being erased: no follow-up goes out any more. Partner,
    outcome and times stay (the referral statistics)."""
    return Referral.objects.filter(member=member).update(followup_due_at=None, followup_error="")
