"""Where the person behind a private conversation stands: left, removed, banned.

The inbox shows it on the thread list and in the thread header, and a reply to such a
person asks for confirmation first. Read as annotations on the query that already reads the
threads (one subquery per fact), never one query per row.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.communities.models import Membership
from passerelle.moderation.models import Ban

# The statuses that mean the person is no longer in the service.
ENDED = (Membership.Status.LEFT, Membership.Status.REMOVED)


def standing_annotations(at=None) -> dict:
    """Annotations for a Thread queryset: the membership's status and end, the ban in force."""
    at = at or timezone.now()
    membership = Membership.objects.filter(
        service_id=OuterRef("service_id"), member_id=OuterRef("member_id")
    )
    bans = Ban.objects.filter(
        service_id=OuterRef("service_id"),
        membership__member_id=OuterRef("member_id"),
        lifted_at__isnull=True,
    ).filter(Q(until__isnull=True) | Q(until__gt=at))
    return {
        "member_status": Subquery(membership.values("status")[:1]),
        "member_ended_at": Subquery(membership.values("ended_at")[:1]),
        "member_banned": Exists(bans),
        "member_ban_until": Subquery(bans.order_by("-created_at", "-id").values("until")[:1]),
    }


@dataclass(frozen=True)
class Standing:
    """A person no longer in the service, as the inbox says it."""

    kind: str  # "left", "removed" or "banned"
    badge: str  # the list's short badge
    line: str  # the thread header's sentence
    warning: str  # the composer's warning, also the confirmation question


def _day(at: datetime | None, tz) -> str:
    return timezone.localtime(at, tz).date().isoformat() if at else ""


def standing_of(thread, tz) -> Standing | None:
    """The thread's standing from standing_annotations(), or None (group, active member)."""
    status = getattr(thread, "member_status", None)
    if thread.member_id is None or status not in ENDED:
        return None
    day = _day(getattr(thread, "member_ended_at", None), tz)
    if status == Membership.Status.LEFT:
        line = _("Left the service on %(date)s") % {"date": day} if day else _("Left the service")
        warning = _(
            "This person left the service: they may not expect a message from you. Send anyway?"
        )
        return Standing("left", _("Left"), line, warning)
    if getattr(thread, "member_banned", False):
        until = getattr(thread, "member_ban_until", None)
        if until:
            line = _("Removed on %(date)s, banned until %(until)s") % {
                "date": day,
                "until": _day(until, tz),
            }
        else:
            line = _("Removed on %(date)s, banned until a moderator lifts the ban") % {"date": day}
        warning = _("This person was removed and is banned from the service. Send anyway?")
        return Standing("banned", _("Banned"), line, warning)
    removed = _("Removed on %(date)s") % {"date": day} if day else _("Removed")
    warning = _("This person was removed from the service. Send anyway?")
    return Standing("removed", _("Removed"), removed, warning)


def standing_attach(threads, tz) -> None:
    """Set `standing` on each thread (read from its annotations: no query)."""
    for thread in threads:
        thread.standing = standing_of(thread, tz)
