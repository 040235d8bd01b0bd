"""State changes of client files: every one writes a CaseEvent (cases.models)."""

from django.utils import timezone

from passerelle.cases.models import CaseEvent, ClientFile


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


def case_events_many(events: list[CaseEvent]) -> list[CaseEvent]:
    """case_event for a sweep's batch: the events built unsaved, written in one insert."""
    return CaseEvent.objects.bulk_create(events)
