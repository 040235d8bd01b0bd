"""Several moderators, one queue: a claim says who is handling something, for a while.

Every moderation action takes (or renews) the claim on what it touches, so a second
moderator acting on the same member or message a moment later is stopped and told who is
on it. Claims expire on their own: nobody has to remember to release them.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.moderation.models import ModerationClaim

CLAIM_MINUTES = 15


class ClaimConflict(PermissionDenied):
    """Someone else is handling this right now."""

    def __init__(self, claim: ModerationClaim):
        self.claim = claim
        user = claim.user
        local = timezone.localtime(claim.expires_at, claim.service.tz)
        super().__init__(
            _("%(name)s is handling this until %(time)s.")
            % {
                "name": user.get_full_name() or user.email or user.username,
                "time": local.strftime("%H:%M"),
            }
        )


def target_of(obj) -> str:
    """The claim key of a message, membership or intake."""
    return f"{obj._meta.model_name}:{obj.pk}"


def claim_take(*, role, target: str, minutes: int = CLAIM_MINUTES) -> ModerationClaim:
    """Claim (or renew) a target for the role's user; ClaimConflict if someone else has it."""
    now = timezone.now()
    expires = now + timedelta(minutes=minutes)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                claim = (
                    ModerationClaim.objects.select_for_update(of=("self",))
                    .select_related("user", "service")
                    .filter(service_id=role.service_id, target=target)
                    .first()
                )
                if claim is None:
                    return ModerationClaim.objects.create(
                        org_id=role.org_id,
                        service_id=role.service_id,
                        target=target,
                        user=role.user,
                        claimed_at=now,
                        expires_at=expires,
                    )
                if claim.user_id != role.user_id and claim.expires_at > now:
                    raise ClaimConflict(claim)
                if claim.user_id != role.user_id:
                    claim.claimed_at = now
                claim.user, claim.expires_at = role.user, expires
                claim.save(update_fields=["user", "claimed_at", "expires_at"])
                return claim
        except IntegrityError:
            continue  # created by someone else between our read and our insert: read again
    raise ClaimConflict(
        ModerationClaim.objects.select_related("user", "service").get(
            service_id=role.service_id, target=target
        )
    )


def claim_release(*, role, target: str) -> None:
    """Let go of one's own claim (a claim by someone else is left alone)."""
    ModerationClaim.objects.filter(
        service_id=role.service_id, target=target, user_id=role.user_id
    ).delete()


def claims_active(service_id, targets) -> dict[str, ModerationClaim]:
    """The unexpired claims among targets, by target."""
    claims = ModerationClaim.objects.filter(
        service_id=service_id, target__in=list(targets), expires_at__gt=timezone.now()
    ).select_related("user")
    return {c.target: c for c in claims}
