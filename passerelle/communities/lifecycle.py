"""Leaving a service, and the platform side of membership changes.

The toolkit's rule for leaving: remove promptly, confirm, say they are welcome back, and
optionally ask why. A leave is always counted as "left", never as a removal.
"""

from datetime import timedelta

from django.utils import timezone

from passerelle.channels.actions import platform_action_queue
from passerelle.communities.intake import intake_withdraw
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.communities.notify import (
    guidelines_url,
    member_language,
    member_notify,
    render,
)
from passerelle.communities.services import (
    guidelines_current,
    membership_event_add,
    membership_leave,
    policy_for,
)
from passerelle.members.selectors import addresses_for
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import prompt_ask, prompt_cancel

# How long after leaving a private reply still counts as the answer to "why are you leaving?".
EXIT_FEEDBACK_WINDOW = timedelta(days=7)
# The owner name of the exit question's prompts (communities.apps registers ExitOwner).
EXIT_OWNER = "exit_feedback"
# A leave is a temporary ban on platforms that have no "remove" call: long enough to take the
# person out of the group, short enough that they can come back on their own.
LEAVE_BAN_SECONDS = 60


def member_platform_targets(service, member, *, exclude_channel=None):
    """(channel, address) for each active group channel where the member has an identity."""
    for channel, address in addresses_for(member, service.pk):
        if channel.channel_type.carries_group and channel != exclude_channel:
            yield channel, address


def platform_queue_for_member(*, service, member, action, params, dedupe, exclude_channel=None):
    """Queue one platform action on every group channel the member is on."""
    rows = []
    for channel, address in member_platform_targets(
        service, member, exclude_channel=exclude_channel
    ):
        rows.append(
            platform_action_queue(
                channel=channel,
                action=action,
                params={"user": address, **params},
                dedupe_key=f"{dedupe}:{channel.pk}",
            )
        )
    return rows


def member_leave(
    *,
    service,
    member,
    via: str,
    channel=None,
    from_platform=False,
    actor=None,
    reason: str = "",
    at=None,
    send: bool = True,
) -> bool:
    """The person asked to leave (or left on the platform): end, remove, confirm, ask why.

    `send=False` records a leave that happened before (demo, import): the texts go into
    the thread unsent and no platform call is queued.
    """
    at = at or timezone.now()
    membership = Membership.objects.filter(service=service, member=member).first()
    status = membership.status if membership else None
    if status == Membership.Status.PENDING:
        intake = membership.intakes.filter(state__in=Intake.OPEN_STATES).first()
        if intake is not None:
            intake.membership.member = member
            intake_withdraw(intake=intake, at=at, via=via, send=send)
        return False
    if status != Membership.Status.ACTIVE:
        if not from_platform:
            member_notify(service=service, member=member, key="not_member", send=send, at=at)
        return False
    policy = policy_for(service)
    ask = policy.exit_feedback
    if not membership_leave(
        membership=membership,
        via=via,
        actor=actor,
        reason=reason,
        at=at,
        data={"feedback_asked": ask},
    ):
        return False
    if not from_platform and send:
        event = membership.events.filter(kind=MembershipEvent.Kind.LEFT).latest("id")
        until = (at + timedelta(seconds=LEAVE_BAN_SECONDS)).isoformat()
        platform_queue_for_member(
            service=service,
            member=member,
            action="ban",
            params={"until": until, "leave": True},
            dedupe=f"leave:{event.pk}",
        )
    member_notify(service=service, member=member, key="left_confirm", send=send, at=at)
    if ask:
        exit_question_ask(membership=membership, member=member, channel=channel, at=at, send=send)
    return True


def exit_question_ask(*, membership, member, channel=None, at, send: bool = True):
    """Ask "why are you leaving?" as a prompt: the member's next message within the window
    is the answer (ExitOwner), unless it is a command; nothing is asked again."""
    service = membership.service
    return prompt_ask(
        service=service,
        member=member,
        channel=channel,
        owner=EXIT_OWNER,
        owner_id=membership.pk,
        key="why_leaving",
        kind=Prompt.Kind.FREE_TEXT,
        # In every language the service speaks, the service's own wording first.
        wording={
            language: render(service, "exit_feedback_question", language)
            for language in dict.fromkeys(service.languages or [service.default_language])
        },
        language=member_language(service, member),
        expires_at=at + EXIT_FEEDBACK_WINDOW,
        reask=False,
        at=at,
        send=send,
    )


class ExitOwner:
    """The answer to "why are you leaving?" (prompts.owners, registered as EXIT_OWNER)."""

    def answered(self, *, prompt, answer, at) -> None:
        membership = (
            Membership.objects.select_related("service", "member")
            .filter(pk=prompt.owner_id, status=Membership.Status.LEFT)
            .first()
        )
        if membership is not None and not answer.skipped:
            exit_feedback_record(membership=membership, text=answer.value, at=at)

    def expired(self, *, prompt, at) -> None:
        return None  # no answer is an answer: nothing is asked again


def exit_question_cancel(*, membership, at=None) -> int:
    """The person is back (or gone for good): "why are you leaving?" no longer waits."""
    return prompt_cancel(owner=EXIT_OWNER, owner_id=membership.pk, at=at)


def exit_feedback_record(*, membership, text: str, at=None) -> None:
    """Keep the one-message answer to "why are you leaving?" and thank the person."""
    membership_event_add(
        membership=membership,
        kind=MembershipEvent.Kind.EXIT_FEEDBACK,
        reason=text[:2000],
        at=at or timezone.now(),
    )
    member_notify(service=membership.service, member=membership.member, key="exit_feedback_thanks")


def rules_send(*, service, member) -> None:
    """Send the current guidelines in the member's language."""
    guidelines = guidelines_current(service)
    if guidelines is None:
        member_notify(service=service, member=member, key="no_rules")
        return
    language = member_language(service, member)
    member_notify(
        service=service,
        member=member,
        key="rules",
        language=language,
        version=guidelines.version,
        guidelines=guidelines.render(language),
        guidelines_url=guidelines_url(service, guidelines, language),
    )
