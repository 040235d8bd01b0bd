"""The ban list: a removal with a duration (7 days … 1 year, or until lifted).

A mute keeps a member who may not post for a while; a ban puts the person out (removed,
banned on the platform until the same date where it allows) and keeps them out: while it
lasts nobody can re-admit them and a post or join request is refused. When it ends or is
lifted they may ask to join again (the intake), or a moderator re-admits them.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.communities.models import Membership
from passerelle.moderation.models import Ban
from passerelle.moderation.services import ban_refusal, member_remove
from passerelle.orgs.permissions import require

# (days, label); 0 is "until lifted".
DURATIONS = [
    (7, gettext_lazy("7 days")),
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
    (365, gettext_lazy("1 year")),
    (0, gettext_lazy("Until lifted")),
]


def member_ban(*, role, membership, reason: str, days: int, clause: str = "", at=None) -> Ban:
    """Ban for `days` (0: until lifted): removes an active member, or bans a removed one."""
    require(role, "moderate", membership.service_id)
    if int(days) not in dict(DURATIONS):
        raise ValidationError(_("Choose how long the ban lasts."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the ban."))
    at = at or timezone.now()
    until = at + timedelta(days=int(days)) if int(days) else None
    with transaction.atomic():
        if current := Ban.active_for(membership, at):
            raise ValidationError(ban_refusal(current, membership.service))
        if membership.status == Membership.Status.ACTIVE:
            member_remove(
                role=role, membership=membership, reason=reason, clause=clause, at=at, until=until
            )
        elif membership.status != Membership.Status.REMOVED:
            raise ValidationError(_("Only a member or a removed person can be banned."))
        return Ban.objects.create(
            org_id=membership.org_id,
            service_id=membership.service_id,
            membership=membership,
            reason=reason,
            clause=clause,
            actor=role.user,
            created_at=at,
            until=until,
        )


def ban_lift(*, role, ban, at=None) -> None:
    """End a ban early: the person stays removed and may ask to join or be re-admitted."""
    require(role, "moderate", ban.service_id)
    at = at or timezone.now()
    if not ban.is_active(at):
        raise ValidationError(_("This ban has already ended."))
    Ban.objects.filter(pk=ban.pk).update(lifted_at=at, lifted_by=role.user)


def ban_ended(membership, at) -> bool:
    """A removed person whose (last) ban is over: they may ask to join again."""
    last = Ban.objects.filter(membership=membership).order_by("-created_at", "-id").first()
    return last is not None and not last.is_active(at)


def bans_of(membership, at=None) -> list[Ban]:
    """One person's bans, newest first, each marked as in force or not."""
    at = at or timezone.now()
    rows = list(Ban.objects.filter(membership=membership).select_related("actor"))
    for ban in rows:
        ban.active = ban.is_active(at)
    return rows


def bans_for(role, at=None):
    """The service's bans, the ones in force first."""
    at = at or timezone.now()
    bans = list(
        Ban.objects.filter(service_id=role.service_id)
        .select_related("membership__member", "actor", "lifted_by")
        .order_by("-created_at", "-id")[:500]
    )
    for ban in bans:
        ban.active = ban.is_active(at)
    return sorted(bans, key=lambda b: not b.active)
