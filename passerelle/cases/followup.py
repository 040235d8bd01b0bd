"""The follow-up plan (§10): a cadence per client, the next follow-up date, and the
"How are things going?" check-in the scheduler sends when that date comes.

The check-in is a prompt (passerelle.prompts) owned by CHECKIN_OWNER: its answer comes back
to CheckinOwner.answered, its expiry to CheckinOwner.expired. Two unanswered in a row make
the client "lost contact" (models.LOST_CONTACT_AFTER).
"""

import calendar
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.cases.clients import CHECKIN_OWNER, client_language, require_file
from passerelle.cases.models import LOST_CONTACT_AFTER, CaseEvent, ClientFile
from passerelle.cases.services import case_event, case_events_many
from passerelle.channels.replies import reply_block_reasons
from passerelle.members.selectors import addresses_for_many
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import prompts_ask_many

Kind = CaseEvent.Kind
Cadence = ClientFile.Cadence

# Follow-ups are due at this local time of day: never a message at night.
FOLLOWUP_HOUR = time(10)
# A check-in not answered within this is missed (the next one comes with the next date).
CHECKIN_WINDOW = timedelta(days=7)
# Files whose follow-up the sweep takes: not a paused or closed one.
FOLLOWED = (ClientFile.Status.ENROLLED, ClientFile.Status.LIMITED)

CHECKIN_WORDING = {
    "en": "How are things going?",
    "fr": "Comment ça se passe pour vous ?",
    "ar": "كيف تسير أمورك؟",
}
# Numbered from 1 by the engine; "2" is "some difficulties".
CHECKIN_OPTIONS = [
    {"value": "well", "labels": {"en": "Well", "fr": "Bien", "ar": "بخير"}},
    {
        "value": "difficulties",
        "labels": {"en": "Some difficulties", "fr": "Quelques difficultés", "ar": "بعض الصعوبات"},
    },
    {
        "value": "need_help",
        "labels": {"en": "I need help", "fr": "J'ai besoin d'aide", "ar": "أحتاج إلى مساعدة"},
    },
]


def _add_months(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_followup(cadence: str, after, tz):
    """The follow-up after `after`: a week, two weeks or a calendar month later, at
    FOLLOWUP_HOUR local time."""
    day = after.astimezone(tz).date()
    if cadence == Cadence.WEEKLY:
        day += timedelta(days=7)
    elif cadence == Cadence.BIWEEKLY:
        day += timedelta(days=14)
    elif cadence == Cadence.MONTHLY:
        day = _add_months(day, 1)
    else:
        raise ValidationError(_("Choose weekly, every two weeks or monthly."))
    return datetime.combine(day, FOLLOWUP_HOUR, tzinfo=tz)


def followup_plan(*, role, file: ClientFile, cadence: str) -> CaseEvent:
    """Set the client's cadence; the next follow-up is counted from now."""
    require_file(role, file)
    if file.status not in FOLLOWED:
        raise ValidationError(_("Only an enrolled or limited client is followed up."))
    now = timezone.now()
    following = next_followup(cadence, now, file.service.tz)
    old = file.followup_cadence
    with transaction.atomic():
        ClientFile.objects.filter(pk=file.pk).update(
            followup_cadence=cadence, next_followup_at=following
        )
        file.followup_cadence, file.next_followup_at = cadence, following
        return case_event(
            file,
            Kind.FOLLOWUP_PLANNED,
            actor=role.user,
            data={"from": old, "to": cadence, "next": following.isoformat()},
            at=now,
        )


def followup_done(*, role, file: ClientFile, reason: str = "") -> CaseEvent:
    """The caseworker followed up by hand: recorded (on time or not), the next date moves."""
    require_file(role, file)
    if file.status not in FOLLOWED:
        raise ValidationError(_("Only an enrolled or limited client is followed up."))
    now = timezone.now()
    due = file.next_followup_at
    following = next_followup(file.followup_cadence, now, file.service.tz)
    with transaction.atomic():
        ClientFile.objects.filter(pk=file.pk).update(
            next_followup_at=following, last_contact_at=now
        )
        file.next_followup_at, file.last_contact_at = following, now
        return case_event(
            file,
            Kind.FOLLOWUP_DONE,
            actor=role.user,
            reason=reason,
            data={
                "due_at": due.isoformat() if due else None,
                "on_time": due is None or now <= due + timedelta(days=1),
                "next": following.isoformat(),
            },
            at=now,
        )


def checkins_send(files: list[ClientFile], *, now) -> int:
    """Send the due check-ins of one service's files; how many went.

    Each file is claimed by its own conditional update (the follow-up date it was read
    with moves on: two schedulers never send one twice); the rest is batched: addresses
    and contact windows read once, prompts, messages and events written in bulk.
    """
    with transaction.atomic():
        claimed = []
        for file in files:
            due = file.next_followup_at
            following = next_followup(file.followup_cadence, now, file.service.tz)
            if (
                ClientFile.objects.filter(
                    pk=file.pk, next_followup_at=due, status__in=FOLLOWED
                ).update(next_followup_at=following)
                == 1
            ):
                claimed.append((file, due, following))
        if not claimed:
            return 0
        service = claimed[0][0].service
        addresses = addresses_for_many([f.member for f, _d, _n in claimed], service.pk)
        blocked = reply_block_reasons(
            {f.pk: addresses.get(f.member_id, []) for f, _d, _n in claimed}, now=now
        )
        asks, sent, events = [], [], []
        for file, due, following in claimed:
            data = {"due_at": due.isoformat(), "next": following.isoformat(), "on_time": True}
            if reason := blocked[file.pk]:
                # No platform would carry it now (WhatsApp's window): the caseworker sees why.
                events.append(
                    _event(
                        file,
                        Kind.CHECKIN_MISSED,
                        now,
                        reason=reason[:500],
                        data={**data, "not_sent": True},
                    )
                )
                continue
            language = client_language(file)
            asks.append(
                {
                    "member": file.member,
                    "owner": CHECKIN_OWNER,
                    "owner_id": file.pk,
                    "key": "checkin",
                    "kind": Prompt.Kind.CHOICE,
                    "wording": CHECKIN_WORDING,
                    "options": CHECKIN_OPTIONS,
                    "language": language,
                    "expires_at": now + CHECKIN_WINDOW,
                }
            )
            sent.append((file, data))
        prompts = prompts_ask_many(service=service, asks=asks, at=now, addresses=addresses)
        for (file, data), prompt in zip(sent, prompts, strict=True):
            events.append(
                _event(
                    file,
                    Kind.CHECKIN_SENT,
                    now,
                    message=prompt.message,
                    data={**data, "prompt": prompt.pk},
                )
            )
        case_events_many(events)
    return len(sent)


def _event(file, kind, at, *, message=None, reason="", data=None) -> CaseEvent:
    # The sweep's events, unsaved: services.case_events_many writes them in one insert.
    return CaseEvent(
        org_id=file.org_id,
        file=file,
        kind=kind,
        message=message,
        reason=reason,
        data=data or {},
        created_at=at,
    )


class CheckinOwner:
    """The client's answer to "How are things going?" (prompts.owners, CHECKIN_OWNER)."""

    def answered(self, *, prompt, answer, at) -> None:
        file = ClientFile.objects.filter(pk=prompt.owner_id).first()
        if file is None:
            return
        ClientFile.objects.filter(pk=file.pk).update(checkins_unanswered=0, last_contact_at=at)
        numbers = [o["value"] for o in prompt.options]
        case_event(
            file,
            Kind.CHECKIN_ANSWERED,
            message=answer.message,
            data={
                "answer": answer.value,
                "number": numbers.index(answer.value) + 1 if answer.value in numbers else None,
                "prompt": prompt.pk,
            },
            at=at,
        )

    def expired(self, *, prompt, at) -> None:
        file = ClientFile.objects.filter(pk=prompt.owner_id).first()
        if file is None:
            return
        ClientFile.objects.filter(pk=file.pk).update(
            checkins_unanswered=F("checkins_unanswered") + 1
        )
        file.refresh_from_db(fields=["checkins_unanswered"])
        case_event(
            file,
            Kind.CHECKIN_MISSED,
            data={"prompt": prompt.pk, "unanswered": file.checkins_unanswered},
            at=at,
        )


def lost_contact(files):
    """Of these files, the clients who left two check-ins in a row unanswered."""
    return files.filter(checkins_unanswered__gte=LOST_CONTACT_AFTER)
