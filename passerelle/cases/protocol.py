"""The one-to-one protocol's actions on a client file (docs/cases.md, "The protocol"):
urgent (§2), "I am looking into it" (§6), come in person or be referred (§3), and the
off-topic steps up to limiting or ending the service (§4, §5, §9).

Each action says what it says in the client's language, in their private conversation,
and writes one CaseEvent (services.case_event) with who acted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from passerelle.cases.clients import (
    CHECKIN_OWNER,
    case_settings_for,
    client_language,
    require_file,
)
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.services import case_event
from passerelle.common.text import pick_text
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_reply, private_thread_for
from passerelle.prompts.services import prompt_cancel
from passerelle.questions.models import Question
from passerelle.questions.services import question_acknowledge

Kind = CaseEvent.Kind
Status = ClientFile.Status

# The off-topic steps (§4, §5, §9), proposed in this order from the file's history.
STEP_TOPICS, STEP_IN_PERSON, STEP_LIMIT_OR_END = "topics", "in_person", "limit_or_end"
OFF_TOPIC = "off_topic"  # IN_PERSON events taken as the off-topic protocol's second step


def _say(role, file: ClientFile, text: str, language: str, reply_to=None) -> Message:
    thread = private_thread_for(file.service, file.member)
    return message_reply(role=role, thread=thread, text=text, language=language, reply_to=reply_to)


def _text(file: ClientFile, texts: dict, missing: str):
    settings = case_settings_for(file.service)
    picked = pick_text(getattr(settings, texts), client_language(file), file.service.languages[0])
    if not picked.strip():
        raise ValidationError(missing)
    return picked


def _client_message(file: ClientFile, message) -> Message | None:
    if message is None:
        return None
    if message.member_id != file.member_id or message.service_id != file.service_id:
        raise ValidationError(_("This message is not the client's."))
    return message


# §2: urgent, risk to safety ---------------------------------------------------------------


def urgent_mark(*, role, file: ClientFile, message=None, reason: str = "") -> CaseEvent:
    """Mark the client at risk: the sweep alerts the on-call staff at its next tick."""
    require_file(role, file)
    message = _client_message(file, message)
    now = timezone.now()
    with transaction.atomic():
        marked = ClientFile.objects.filter(pk=file.pk, urgent_at__isnull=True).update(
            urgent_at=now, urgent_by=role.user, urgent_message=message, urgent_alerted_at=None
        )
        if marked != 1:
            raise ValidationError(_("This client is already marked urgent."))
        file.urgent_at, file.urgent_by, file.urgent_message = now, role.user, message
        file.urgent_alerted_at = None
        return case_event(
            file, Kind.URGENT, actor=role.user, message=message, reason=reason.strip(), at=now
        )


def urgent_clear(*, role, file: ClientFile, reason: str = "") -> CaseEvent:
    """The risk is dealt with: the file goes back to its ordinary view."""
    require_file(role, file)
    with transaction.atomic():
        since = file.urgent_at
        cleared = ClientFile.objects.filter(pk=file.pk, urgent_at__isnull=False).update(
            urgent_at=None, urgent_by=None, urgent_message=None
        )
        if cleared != 1:
            raise ValidationError(_("This client is not marked urgent."))
        file.urgent_at = file.urgent_by = file.urgent_message = None
        data = {"since": since.isoformat() if since else None}
        return case_event(file, Kind.URGENT_CLEARED, actor=role.user, reason=reason, data=data)


# §6: "I am looking into it" -------------------------------------------------------------


def client_questions_waiting(file: ClientFile):
    """The client's questions still waiting for a first response (oldest first)."""
    return (
        Question.objects.filter(
            service_id=file.service_id, member_id=file.member_id, status=Question.Status.OPEN
        )
        .select_related("message", "member", "service", "thread")
        .order_by("received_at", "pk")
    )


def acknowledge(*, role, file: ClientFile, question: Question) -> CaseEvent:
    """Send the service's acknowledgement in the client's language; the service standard
    records it as it records every acknowledgement (questions.services)."""
    require_file(role, file)
    if question.member_id != file.member_id or question.service_id != file.service_id:
        raise ValidationError(_("This question is not the client's."))
    with transaction.atomic():
        sent = question_acknowledge(role=role, question=question)
        return case_event(
            file,
            Kind.ACKNOWLEDGED,
            actor=role.user,
            message=question.message,
            data={"question": question.pk, "sent": sent.pk, "language": sent.language},
        )


# §3: come in person or be referred -------------------------------------------------------


def in_person_invite(
    *, role, file: ClientFile, message=None, reason: str = "", step: str = ""
) -> CaseEvent:
    """Send the service's in-person invitation (address, hours, how to book)."""
    require_file(role, file)
    message = _client_message(file, message)
    text = _text(
        file,
        "in_person_invitation",
        _("Write the in-person invitation in the case settings first."),
    )
    with transaction.atomic():
        sent = _say(role, file, text, text.language, reply_to=message)
        data = {"sent": sent.pk, "language": text.language, **({"step": step} if step else {})}
        return case_event(
            file, Kind.IN_PERSON, actor=role.user, message=message, reason=reason, data=data
        )


def referral_recorded(referral) -> CaseEvent | None:
    """A referral was made (referrals' own flow) for a client with a file: the file says so."""
    file = ClientFile.objects.filter(
        service_id=referral.service_id, member_id=referral.member_id
    ).first()
    if file is None:
        return None
    return case_event(
        file,
        Kind.REFERRED,
        actor=referral.created_by,
        message=referral.message,
        data={"referral": referral.pk, "partner": referral.partner.name},
        at=referral.created_at,
    )


# §4, §5, §9: off topic, then in person, then limit or end --------------------------------


def offtopic_steps_taken(file: ClientFile) -> int:
    """How many off-topic steps the client had: reminders plus the protocol's invitations."""
    events = CaseEvent.objects.filter(file=file, kind__in=(Kind.OFF_TOPIC, Kind.IN_PERSON))
    return sum(
        1
        for kind, data in events.values_list("kind", "data")
        if kind == Kind.OFF_TOPIC or (data or {}).get("step") == OFF_TOPIC
    )


def offtopic_next_step(file: ClientFile) -> str:
    """What the protocol proposes now, read from the file's history."""
    taken = offtopic_steps_taken(file)
    return (STEP_TOPICS, STEP_IN_PERSON)[taken] if taken < 2 else STEP_LIMIT_OR_END


def offtopic_respond(*, role, file: ClientFile, message=None, reason: str) -> CaseEvent:
    """Take the next off-topic step: the acceptable topics with the reason, then the
    in-person invitation. After those, the caseworker chooses to limit or end."""
    require_file(role, file)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the message is off topic or not acceptable."))
    step = offtopic_next_step(file)
    if step == STEP_IN_PERSON:
        return in_person_invite(
            role=role, file=file, message=message, reason=reason, step=OFF_TOPIC
        )
    if step == STEP_LIMIT_OR_END:
        raise ValidationError(_("The client was reminded and invited: limit or end the service."))
    message = _client_message(file, message)
    topics = _text(
        file, "acceptable_topics", _("Write the acceptable topics in the case settings first.")
    )
    with transaction.atomic():
        sent = _say(role, file, f"{reason}\n\n{topics}", topics.language, reply_to=message)
        return case_event(
            file,
            Kind.OFF_TOPIC,
            actor=role.user,
            message=message,
            reason=reason,
            data={"sent": sent.pk, "language": topics.language},
        )


def weekday_names(weekdays, language: str) -> str:
    with translation.override(language):
        return ", ".join(str(WEEKDAYS[d]) for d in sorted(weekdays))


def service_limit(*, role, file: ClientFile, weekdays, reason: str) -> CaseEvent:
    """Reply to the client only on the chosen weekdays, and tell them which."""
    require_file(role, file)
    days = sorted({int(d) for d in weekdays or []})
    if not days or any(d not in range(7) for d in days):
        raise ValidationError(_("Choose the weekdays the client gets replies on."))
    if file.status == Status.CLOSED:
        raise ValidationError(_("This client's service has ended."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the service is limited."))
    language = client_language(file)
    with translation.override(language):
        text = _(
            "From now on, we reply to your messages on these days: %(days)s. Reason: %(reason)s"
        ) % {
            "days": weekday_names(days, language),
            "reason": reason,
        }
    now = timezone.now()
    with transaction.atomic():
        ClientFile.objects.filter(pk=file.pk).update(
            status=Status.LIMITED,
            limited_weekdays=days,
            status_reason=reason[:300],
            status_changed_at=now,
        )
        file.status, file.limited_weekdays, file.status_reason = Status.LIMITED, days, reason[:300]
        sent = _say(role, file, text, language)
        return case_event(
            file,
            Kind.LIMITED,
            actor=role.user,
            reason=reason,
            data={"weekdays": days, "sent": sent.pk, "language": language},
            at=now,
        )


def service_limit_lift(*, role, file: ClientFile) -> CaseEvent:
    """Undo a limit: replies on every day again."""
    require_file(role, file)
    if file.status != Status.LIMITED:
        raise ValidationError(_("This client's service is not limited."))
    now = timezone.now()
    with transaction.atomic():
        ClientFile.objects.filter(pk=file.pk).update(
            status=Status.ENROLLED, limited_weekdays=[], status_reason="", status_changed_at=now
        )
        old = file.limited_weekdays
        file.status, file.limited_weekdays, file.status_reason = Status.ENROLLED, [], ""
        return case_event(
            file,
            Kind.STATUS_CHANGED,
            actor=role.user,
            data={"from": Status.LIMITED, "to": Status.ENROLLED, "weekdays": old},
            at=now,
        )


def service_end(*, role, file: ClientFile, reason: str) -> CaseEvent:
    """End the service with a notice to the client (status closed, with the reason)."""
    require_file(role, file)
    if file.status == Status.CLOSED:
        raise ValidationError(_("This client's service has ended already."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the service ends."))
    language = client_language(file)
    with translation.override(language):
        text = _(
            "We are ending our messaging service with you. Reason: %(reason)s. Thank you for "
            "understanding."
        ) % {"reason": reason}
    now = timezone.now()
    with transaction.atomic():
        ClientFile.objects.filter(pk=file.pk).update(
            status=Status.CLOSED,
            status_reason=reason[:300],
            status_changed_at=now,
            closed_at=now,
            next_followup_at=None,
        )
        file.status, file.status_reason, file.closed_at = Status.CLOSED, reason[:300], now
        file.next_followup_at = None
        # No check-in waits for an answer from someone the service left.
        prompt_cancel(owner=CHECKIN_OWNER, owner_id=file.pk, at=now)
        sent = _say(role, file, text, language)
        return case_event(
            file,
            Kind.ENDED,
            actor=role.user,
            reason=reason,
            data={"sent": sent.pk, "language": language},
            at=now,
        )


def limited_days_label(file: ClientFile) -> str:
    """ "Monday, Thursday" in the staff's language, for the inbox and the file."""
    return weekday_names(file.limited_weekdays or [], translation.get_language() or "en")
