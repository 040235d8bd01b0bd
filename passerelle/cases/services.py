"""State changes of client files: every one writes a CaseEvent (cases.models).

The file's own fields (client_file_update), its status (client_status_set), case notes
and logged calls. Enrolment is cases.enrolment, consent cases.consent.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.cases.models import CallLog, CaseEvent, CaseNote, CaseSettings, ClientFile
from passerelle.cases.selectors import caseworker_ids, caseworkers
from passerelle.members.services import member_languages_set, member_rename
from passerelle.orgs.models import StaffEvent
from passerelle.orgs.permissions import require
from passerelle.orgs.services import staff_event_add

# What the edit form changes on the file itself (the name is the member's).
FILE_FIELDS = (
    "languages",
    "preferred_times",
    "help_way",
    "digital_skills",
    "goals",
    "goals_text",
    "emergency_contacts",
)
# Free text the person wrote or said: blanked when their data is erased.
FREE_TEXT = ("preferred_times", "goals_text", "emergency_contacts", "status_reason")
# Statuses that need a reason the file keeps (§4, §5, §9: a limit or an end is explained).
REASON_NEEDED = {ClientFile.Status.PAUSED, ClientFile.Status.LIMITED, ClientFile.Status.CLOSED}
MAX_CALL_MINUTES = 600
NOTE_MAX = 10_000


def case_event(
    file: ClientFile, kind: str, *, actor=None, message=None, reason="", data=None, at=None
) -> CaseEvent:
    """Record one thing that happened on a file (the only writer of CaseEvent)."""
    return CaseEvent.objects.create(
        org_id=file.org_id,
        file=file,
        kind=kind,
        actor=actor,
        message=message,
        reason=reason,
        data=data or {},
        created_at=at or timezone.now(),
    )


def file_fields_clean(fields: dict) -> dict:
    """The file fields given, checked against their choices and lengths."""
    unknown = set(fields) - set(FILE_FIELDS)
    if unknown:
        raise ValueError(f"not a client file field: {sorted(unknown)}")
    cleaned = dict(fields)
    for name in ("preferred_times", "goals_text", "emergency_contacts"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "preferred_times" in cleaned and len(cleaned["preferred_times"]) > 200:
        raise ValidationError(_("Preferred times: at most 200 characters."))
    if "help_way" in cleaned and cleaned["help_way"] not in ClientFile.HelpWay.values:
        raise ValidationError(_("Choose how the person prefers to get help."))
    if "digital_skills" in cleaned and cleaned["digital_skills"] not in ClientFile.Skills.values:
        raise ValidationError(_("Choose the person's digital skills."))
    for name in ("languages", "goals"):
        if name in cleaned:
            cleaned[name] = list(dict.fromkeys(str(v) for v in cleaned[name] or () if v))
    return cleaned


def file_role_check(role, file: ClientFile) -> None:
    require(role, "cases")
    if file.service_id != role.service_id:
        raise PermissionDenied(_("This client file belongs to another service."))


def _shown(value):
    # Old and new values as the history shows them (a user as their e-mail address).
    if hasattr(value, "email"):
        return value.get_full_name() or value.email
    return value


def client_file_update(*, role, file: ClientFile, name=None, caseworker=..., **fields) -> dict:
    """Change the file's fields (and the person's name); one `updated` event lists each
    change with its old and new value. Returns the changes ({} when nothing changed)."""
    file_role_check(role, file)
    fields = file_fields_clean(fields)
    changes = {}
    with transaction.atomic():
        if name is not None and name.strip() != file.member.display_name:
            changes["name"] = {"old": file.member.display_name, "new": name.strip()}
            member_rename(member=file.member, name=name)
        if caseworker is not ... and caseworker != file.caseworker:
            if caseworker is not None and caseworker.pk not in caseworker_ids(role.service):
                raise ValidationError(_("The caseworker must be a staff member of this service."))
            changes["caseworker"] = {"old": _shown(file.caseworker), "new": _shown(caseworker)}
            file.caseworker = caseworker
        for field, value in fields.items():
            if getattr(file, field) != value:
                changes[field] = {"old": getattr(file, field), "new": value}
                setattr(file, field, value)
        if not changes:
            return {}
        if "languages" in changes and file.languages:
            # The person is written to in the first language of their file.
            member_languages_set(member=file.member, language=file.languages[0])
        file.save()
        case_event(file, CaseEvent.Kind.UPDATED, actor=role.user, data={"changes": changes})
    return changes


def client_status_set(
    *, role, file: ClientFile, status: str, reason: str = "", confirmed: bool = False
) -> CaseEvent:
    """Enrolled, paused, limited or closed: paused, limited and closed say why, and closing
    is confirmed first (the person is no longer followed). Reopening is a status too."""
    file_role_check(role, file)
    if status not in ClientFile.Status.values:
        raise ValidationError(_("Unknown status."))
    if status == file.status:
        raise ValidationError(_("The file already has this status."))
    reason = (reason or "").strip()
    if status in REASON_NEEDED and not reason:
        raise ValidationError(_("Give the reason (it stays on the file)."))
    if len(reason) > 300:
        raise ValidationError(_("The reason can have at most 300 characters."))
    if status == ClientFile.Status.CLOSED and not confirmed:
        raise ValidationError(_("Confirm that you close this file."))
    now = timezone.now()
    old = file.status
    with transaction.atomic():
        claimed = ClientFile.objects.filter(pk=file.pk, status=old).update(
            status=status,
            status_reason=reason,
            status_changed_at=now,
            closed_at=now if status == ClientFile.Status.CLOSED else None,
            updated_at=now,
        )
        if claimed != 1:
            raise ValidationError(_("Someone changed this file's status meanwhile: look again."))
        file.status, file.status_reason, file.status_changed_at = status, reason, now
        file.closed_at = now if status == ClientFile.Status.CLOSED else None
        return case_event(
            file,
            CaseEvent.Kind.STATUS_CHANGED,
            actor=role.user,
            reason=reason,
            data={"old": old, "new": status},
            at=now,
        )


def case_note_add(*, role, file: ClientFile, text: str, message=None) -> CaseNote:
    """A private note on the file, optionally about one message of the client's."""
    file_role_check(role, file)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the note first."))
    if len(text) > NOTE_MAX:
        raise ValidationError(_("A note can have at most %(n)d characters.") % {"n": NOTE_MAX})
    if message is not None and (
        message.service_id != file.service_id or message.member_id != file.member_id
    ):
        raise ValidationError(_("This message is not from this client's conversation."))
    now = timezone.now()
    with transaction.atomic():
        note = CaseNote.objects.create(
            org_id=file.org_id,
            file=file,
            author=role.user,
            text=text,
            message=message,
            created_at=now,
        )
        case_event(
            file,
            CaseEvent.Kind.NOTE,
            actor=role.user,
            message=message,
            data={"note": note.pk},
            at=now,
        )
    return note


def call_log_add(
    *, role, file: ClientFile, kind: str, occurred_at, duration_minutes: int, summary: str = ""
) -> CallLog:
    """A phone or video call with the client (§7): when, how long, what was said."""
    file_role_check(role, file)
    if kind not in CallLog.Kind.values:
        raise ValidationError(_("Say whether it was a phone or a video call."))
    now = timezone.now()
    if occurred_at is None or occurred_at > now + timedelta(minutes=5):
        raise ValidationError(_("Log a call that took place: its time cannot be in the future."))
    if not 1 <= int(duration_minutes or 0) <= MAX_CALL_MINUTES:
        raise ValidationError(_("A call lasts 1 to %(n)d minutes.") % {"n": MAX_CALL_MINUTES})
    with transaction.atomic():
        call = CallLog.objects.create(
            org_id=file.org_id,
            file=file,
            kind=kind,
            occurred_at=occurred_at,
            duration_minutes=int(duration_minutes),
            summary=(summary or "").strip(),
            logged_by=role.user,
            created_at=now,
        )
        if file.last_contact_at is None or occurred_at > file.last_contact_at:
            ClientFile.objects.filter(pk=file.pk).update(last_contact_at=occurred_at)
            file.last_contact_at = occurred_at
        case_event(
            file,
            CaseEvent.Kind.CALL,
            actor=role.user,
            data={"call": call.pk, "kind": kind, "minutes": call.duration_minutes},
            at=now,
        )
    return call


def client_files_erase_for_member(*, member) -> int:
    """The person's data is being erased (privacy.erasure): their case notes and calls go,
    and so does every free text of their files and their history (reasons, old and new
    values); what happened and when stays, for the counts. How many files."""
    files = list(ClientFile.objects.filter(member=member).values_list("pk", flat=True))
    if not files:
        return 0
    CaseNote.objects.filter(file_id__in=files).delete()
    CallLog.objects.filter(file_id__in=files).delete()
    ClientFile.objects.filter(pk__in=files).update(
        **{field: "" for field in FREE_TEXT}, goals=[], languages=[]
    )
    events = CaseEvent.objects.filter(file_id__in=files)
    events.update(reason="")
    for event in events.filter(kind=CaseEvent.Kind.UPDATED):
        # Which fields changed stays; what they said does not.
        fields = sorted((event.data or {}).get("changes", {}))
        CaseEvent.objects.filter(pk=event.pk).update(data={"fields": fields})
    return len(files)


def case_events_many(events: list[CaseEvent]) -> list[CaseEvent]:
    """case_event for a sweep's batch: the events built unsaved, written in one insert."""
    return CaseEvent.objects.bulk_create(events)


def case_settings_save(*, role, values: dict):
    """Save a one-to-one service's case settings (cases.settings_form); the change is a
    staff event with the names of the settings that changed."""
    if not role.can("configure"):
        raise PermissionDenied
    service = role.service
    settings, _created = CaseSettings.objects.get_or_create(
        service=service, defaults={"org_id": service.org_id}
    )
    on_call = set(values.pop("on_call", []))
    changed = [name for name, value in values.items() if getattr(settings, name) != value]
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    if set(settings.on_call.values_list("pk", flat=True)) != on_call:
        changed.append("on_call")
        # Only staff of this service who may open case files can be on call.
        allowed = {u.pk for u in caseworkers(service)}
        settings.on_call.set(sorted(on_call & allowed))
    if changed:
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.SETTINGS_CHANGED,
            actor=role.user,
            data={"case_settings": sorted(changed)},
        )
    return settings
