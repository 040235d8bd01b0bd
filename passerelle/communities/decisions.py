"""Deciding a join request: accept (welcome, platform approval) or refuse (with a reason).

Called by a moderator from the queue or, for eligible requests when the service says so,
automatically at the end of the intake.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.actions import platform_action_queue
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.communities.notify import guidelines_url, member_notify
from passerelle.communities.privacy import privacy_notice_send
from passerelle.communities.services import membership_event_add
from passerelle.communities.signals import intake_accepted
from passerelle.members.selectors import address_on
from passerelle.orgs.permissions import require

Kind = MembershipEvent.Kind


def _decide(intake, state, actor, reason, at) -> Intake:
    claimed = Intake.objects.filter(pk=intake.pk, state=Intake.State.REVIEW).update(
        state=state, decided_at=at, decided_by=actor, decision_reason=reason
    )
    if claimed != 1:
        raise ValidationError(_("This join request was already decided."))
    return Intake.objects.select_related(
        "membership__member", "service", "guidelines", "channel"
    ).get(pk=intake.pk)


def platform_decide(channel, member, action, params, dedupe_key) -> None:
    """Queue approve_join / decline_join for the member on the channel they asked on."""
    if address := address_on(member, channel):
        platform_action_queue(
            channel=channel,
            action=action,
            params={"user": address, **params},
            dedupe_key=dedupe_key,
        )


def intake_accept(*, intake, actor=None, role=None, at=None, send: bool = True) -> Intake:
    """Accept a join request: membership active, platform approval, welcome message."""
    if role is not None:  # None: the system decides (auto-accept)
        require(role, "moderate", intake.service_id)
    actor = role.user if role is not None else actor
    at = at or timezone.now()
    intake = _decide(intake, Intake.State.ACCEPTED, actor, "", at)
    membership = intake.membership
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.ACTIVE,
        joined_at=at,
        ended_at=None,
        guidelines_accepted=intake.guidelines,
    )
    membership_event_add(
        membership=membership,
        kind=Kind.ACCEPTED,
        actor=actor,
        at=at,
        data={"intake": intake.pk, "automatic": actor is None},
    )
    if intake.source == "join_request" and intake.channel is not None and send:
        platform_decide(
            intake.channel,
            membership.member,
            "approve_join",
            intake.platform_params,
            f"approve_join:{intake.pk}",
        )
    member_notify(
        service=intake.service,
        member=membership.member,
        key="welcome",
        language=intake.language,
        guidelines_url=guidelines_url(intake.service, intake.guidelines, intake.language),
        send=send,
        at=at,
    )
    # Right after the welcome: what the platform lets others read, and where to say what.
    privacy_notice_send(
        service=intake.service,
        member=membership.member,
        channel=intake.channel,
        language=intake.language,
        at=at,
    )
    intake_accepted.send(sender=Intake, intake=intake, actor=actor, at=at)
    return intake


def intake_refuse(*, intake, role, reason: str, at=None) -> Intake:
    """Refuse a join request with a reason the person is told, in their language."""
    if role is not None:  # None: the system decides (auto-accept)
        require(role, "moderate", intake.service_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason the person will read."))
    at = at or timezone.now()
    intake = _decide(intake, Intake.State.REFUSED, role.user, reason, at)
    membership = intake.membership
    Membership.objects.filter(pk=membership.pk).update(
        status=Membership.Status.REFUSED, ended_at=at
    )
    membership_event_add(
        membership=membership,
        kind=Kind.REFUSED,
        actor=role.user,
        reason=reason,
        data={"intake": intake.pk},
        at=at,
    )
    if intake.source == "join_request" and intake.channel is not None:
        platform_decide(
            intake.channel,
            membership.member,
            "decline_join",
            intake.platform_params,
            f"decline_join:{intake.pk}",
        )
    member_notify(
        service=intake.service,
        member=membership.member,
        key="refused",
        language=intake.language,
        reason=reason,
    )
    return intake
