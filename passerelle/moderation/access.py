"""Who may post and who is in: mutes, join decisions and leave requests from the queue.

Same shape as services.py: check the role, take the claim, change state conditionally,
write the membership event, tell the member, queue the platform call.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.communities.intake import intake_accept, intake_refuse
from passerelle.communities.lifecycle import member_leave, platform_queue_for_member
from passerelle.communities.models import MembershipEvent
from passerelle.communities.notify import member_notify
from passerelle.communities.services import membership_mute, membership_unmute
from passerelle.moderation.claims import claim_take, target_of
from passerelle.moderation.services import _active, clause_for
from passerelle.moderation.texts import TEXTS
from passerelle.orgs.permissions import require

Kind = MembershipEvent.Kind
MAX_MUTE_HOURS = 24 * 30


def member_mute(
    *, role, membership, hours: int, reason: str = "", clause: str = "", at=None
) -> MembershipEvent:
    """Stop a member from posting for a while, where the platform allows it."""
    require(role, "moderate", membership.service_id)
    _active(membership)
    if not 1 <= int(hours) <= MAX_MUTE_HOURS:
        raise ValidationError(_("Mute for 1 hour to 30 days."))
    at = at or timezone.now()
    until = at + timedelta(hours=int(hours))
    service, member = membership.service, membership.member
    with transaction.atomic():
        claim_take(role=role, target=target_of(membership))
        clause_for(membership, clause)
        event = membership_mute(
            membership=membership,
            until=until,
            actor=role.user,
            reason=reason.strip(),
            clause=clause,
            at=at,
            data={"until": until.isoformat(), "hours": int(hours)},
        )
        platform_queue_for_member(
            service=service,
            member=member,
            action="restrict",
            params={"until": until.isoformat()},
            dedupe=f"restrict:{event.pk}",
        )
        local = timezone.localtime(until, service.tz)
        member_notify(
            service=service,
            member=member,
            catalog=TEXTS,
            key="muted",
            until=local.strftime("%Y-%m-%d %H:%M"),
        )
    return event


def member_unmute(*, role, membership, at=None) -> MembershipEvent:
    """Lift a mute early (undoes a mute)."""
    require(role, "moderate", membership.service_id)
    at = at or timezone.now()
    with transaction.atomic():
        claim_take(role=role, target=target_of(membership))
        event = membership_unmute(membership=membership, actor=role.user, at=at)
        if event is None:
            raise ValidationError(_("This member is not muted."))
        platform_queue_for_member(
            service=membership.service,
            member=membership.member,
            action="unrestrict",
            params={},
            dedupe=f"unrestrict:{event.pk}",
        )
        member_notify(
            service=membership.service, member=membership.member, catalog=TEXTS, key="unmuted"
        )
    return event


def member_leave_process(*, role, membership, note: str = "", at=None) -> bool:
    """A moderator carries out a leave request the person sent in words."""
    require(role, "moderate", membership.service_id)
    _active(membership)
    with transaction.atomic():
        claim_take(role=role, target=target_of(membership))
        return member_leave(
            service=membership.service,
            member=membership.member,
            via="moderator",
            actor=role.user,
            reason=note.strip(),
            at=at,
        )


def join_accept(*, role, intake, at=None):
    """Accept a join request from the queue (claimed, so two moderators cannot both decide)."""
    require(role, "moderate", intake.service_id)
    with transaction.atomic():
        claim_take(role=role, target=target_of(intake))
        return intake_accept(intake=intake, role=role, at=at)


def join_refuse(*, role, intake, reason: str, at=None):
    """Refuse a join request from the queue, with the reason the person reads."""
    require(role, "moderate", intake.service_id)
    with transaction.atomic():
        claim_take(role=role, target=target_of(intake))
        return intake_refuse(intake=intake, role=role, reason=reason, at=at)
