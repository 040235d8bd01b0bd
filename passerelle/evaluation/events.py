"""The change history of the framework and the plan: the one writer of EvaluationEvent.

Called by services.py inside the transaction of the change it records, so a change and its
event are saved together or not at all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from passerelle.evaluation.models import EvaluationEvent


def _json(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(obj, fields) -> dict:
    return {name: _json(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    changed = [k for k in after if before.get(k) != after[k]]
    return {"before": {k: before.get(k) for k in changed}, "after": {k: after[k] for k in changed}}


def event_record(role, kind, subject, subject_id=None, data=None, at=None) -> EvaluationEvent:
    return EvaluationEvent.objects.create(
        org_id=role.org_id,
        service_id=role.service_id,
        actor=role.user,
        kind=kind,
        subject=subject,
        subject_id=subject_id,
        data=data or {},
        created_at=at or timezone.now(),
    )
