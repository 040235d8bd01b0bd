"""Reads for the Service settings and Staff pages; the staff role first, fail closed."""

from django.db.models import OuterRef, Subquery
from django.http import Http404

from passerelle.communities.models import MembershipEvent
from passerelle.conversations.models import ThreadEvent
from passerelle.orgs.models import Role, StaffEvent, StaffInvitation, StaffRole


def _manager(role) -> None:
    if role is None or not role.can("manage_staff"):
        raise Http404("No such page")


def _latest(events, kinds: dict, user_field="actor_id"):
    """Subqueries: the kind and time of the newest of `events` by the row's user."""
    newest = events.filter(**{user_field: OuterRef("user_id")}).order_by("-created_at", "-id")
    return (
        Subquery(newest.values("kind")[:1]),
        Subquery(newest.values("created_at")[:1]),
        kinds,
    )


def staff_list(role) -> list[StaffRole]:
    """The service's staff, each with what they did last in it, as the audit log has it
    (membership decisions, conversation status and assignments, staff management)."""
    _manager(role)
    sources = {
        "m": _latest(
            MembershipEvent.objects.filter(membership__service_id=role.service_id),
            dict(MembershipEvent.Kind.choices),
        ),
        "t": _latest(
            ThreadEvent.objects.filter(thread__service_id=role.service_id),
            dict(ThreadEvent.Kind.choices),
        ),
        "s": _latest(
            StaffEvent.objects.filter(service_id=role.service_id), dict(StaffEvent.Kind.choices)
        ),
    }
    annotations = {}
    for key, (kind, at, _kinds) in sources.items():
        annotations[f"{key}_kind"], annotations[f"{key}_at"] = kind, at
    rows = list(
        StaffRole.objects.filter(service_id=role.service_id)
        .select_related("user", "service")
        .annotate(**annotations)
        .order_by("user__email")
    )
    for row in rows:
        done = [
            (getattr(row, f"{key}_at"), kinds.get(getattr(row, f"{key}_kind"), ""))
            for key, (_k, _a, kinds) in sources.items()
            if getattr(row, f"{key}_at") is not None
        ]
        row.last_at, row.last_what = max(done, key=lambda d: d[0]) if done else (None, "")
        row.is_self = row.user_id == role.user_id
    return rows


def invitations_pending(role):
    _manager(role)
    return (
        StaffInvitation.objects.filter(
            service_id=role.service_id, accepted_at=None, revoked_at=None
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def staff_events(role, limit: int = 20):
    """The latest staff-management changes of the service, newest first."""
    _manager(role)
    events = list(
        StaffEvent.objects.filter(service_id=role.service_id)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
    labels = dict(Role.choices)
    for event in events:
        before, after = event.data.get("from"), event.data.get("to")
        # Role changes read with the roles' names, never their codes.
        event.change = (
            f"{labels.get(before, before)} → {labels.get(after, after)}"
            if before in labels and after in labels
            else ""
        )
    return events
