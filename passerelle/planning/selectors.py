"""Reads of the planning documents, inside the role's own service (or its organisation,
for the maturity self-assessment).

Reading needs "read_plan" and fails closed: a role without it reads nothing (None, an
empty list, or 404 for one row).
"""

from __future__ import annotations

from datetime import date

from django.http import Http404

from passerelle.channels.models import Channel
from passerelle.orgs.models import StaffRole
from passerelle.planning.models import (
    ChecklistVersion,
    MaturityAssessment,
    PlanningEvent,
    PolicyVersion,
    Risk,
)

READ = "read_plan"


def _readable(role) -> bool:
    return role is not None and role.can(READ)


def checklist_versions(role, kind: str, limit: int = 50) -> list[ChecklistVersion]:
    """The checklist's saved versions, newest first, with their authors."""
    if not _readable(role):
        return []
    found = ChecklistVersion.objects.filter(service_id=role.service_id, kind=kind)
    return list(found.select_related("author").order_by("-created_at", "-id")[:limit])


def checklist_version(role, kind: str, version_id: int | None = None):
    """One version (the latest without an id), or None when there is none yet."""
    if not _readable(role):
        return None
    found = ChecklistVersion.objects.filter(service_id=role.service_id, kind=kind)
    if version_id is not None:
        one = found.filter(pk=version_id).select_related("author").first()
        if one is None:
            raise Http404("No such version")
        return one
    return found.select_related("author").order_by("-created_at", "-id").first()


def connected_types(role) -> set[str]:
    """The platforms the service has connected (its active channels' types)."""
    if not _readable(role):
        return set()
    found = Channel.objects.filter(service_id=role.service_id, is_active=True)
    return set(found.values_list("type", flat=True))


def policies_latest(role) -> dict[tuple[str, str], PolicyVersion]:
    """The latest version of each (policy, language) the service saved."""
    if not _readable(role):
        return {}
    latest = {}
    found = PolicyVersion.objects.filter(service_id=role.service_id).select_related("author")
    for version in found.order_by("created_at", "id"):
        latest[(version.kind, version.language)] = version
    return latest


def policy_versions(role, kind: str, language: str) -> list[PolicyVersion]:
    """Every version of one policy in one language, newest first."""
    if not _readable(role):
        return []
    found = PolicyVersion.objects.filter(service_id=role.service_id, kind=kind, language=language)
    return list(found.select_related("author").order_by("-created_at", "-id"))


def risks_for(role) -> list[Risk]:
    """The register's rows, the most serious first."""
    if not _readable(role):
        return []
    found = Risk.objects.filter(service_id=role.service_id).select_related("owner")
    rows = list(found.order_by("created_at", "id"))
    order = {"high": 0, "medium": 1, "low": 2}
    return sorted(rows, key=lambda r: order[r.rating])


def risk_get(role, risk_id: int) -> Risk:
    if not _readable(role):
        raise Http404("No such risk")
    found = Risk.objects.filter(service_id=role.service_id, pk=risk_id).first()
    if found is None:
        raise Http404("No such risk")
    return found


def register_started(role) -> bool:
    if not _readable(role):
        return False
    found = PlanningEvent.objects.filter(
        service_id=role.service_id, document="risks", action="started"
    )
    return found.exists()


def overdue_reviews(role, today: date) -> int:
    """How many of the service's risks were due for review before today (one indexed
    query: the dashboard's notice)."""
    if not _readable(role):
        return 0
    return Risk.objects.filter(service_id=role.service_id, review_on__lt=today).count()


def staff_of(role) -> list:
    """The service's staff, who may own a risk: (user id, name)."""
    if not _readable(role):
        return []
    found = StaffRole.objects.filter(service_id=role.service_id).select_related("user")
    users = [r.user for r in found.order_by("user__first_name", "user__email")]
    return [(u.pk, u.get_full_name() or u.email) for u in users]


def assessments_for(role, limit: int = 50) -> list[MaturityAssessment]:
    """The organisation's maturity self-assessments, newest first."""
    if not _readable(role):
        return []
    found = MaturityAssessment.objects.filter(org_id=role.org_id).select_related("author")
    return list(found.order_by("-created_at", "-id")[:limit])


def events_for(role, limit: int = 100) -> list[PlanningEvent]:
    """Who changed which planning document, newest first."""
    if not _readable(role):
        return []
    found = PlanningEvent.objects.filter(service_id=role.service_id).select_related("actor")
    return list(found.exclude(actor=None).order_by("-created_at", "-id")[:limit])
