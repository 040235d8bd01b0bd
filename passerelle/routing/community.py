"""The community's part of an inbound event: platform keywords, commands, joins, leaves,
reports, and the answers to what Passerelle asked (prompts, the intake).

Called by the dispatcher before anything else; returns True when the event was fully
handled here (the dispatcher then stops), False for an ordinary message. Adapters
recognise (Twilio's STOP, Telegram's /start arrive as neutral kinds); this decides.
"""

from dataclasses import replace

from django.utils import timezone

from passerelle.channels.actions import platform_action_queue
from passerelle.channels.contacts import contact_opt_in, contact_opt_out
from passerelle.channels.types.base import InboundEvent
from passerelle.channels.types.native import NativeChannelType
from passerelle.communities import commands
from passerelle.communities.intake import intake_start
from passerelle.communities.lifecycle import member_leave, rules_send
from passerelle.communities.models import Membership
from passerelle.communities.notify import member_notify
from passerelle.communities.privacy import privacy_notice_send
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_receive
from passerelle.members.selectors import member_is_new
from passerelle.moderation.bans import ban_ended
from passerelle.moderation.reports import report_from_member
from passerelle.moderation.texts import TEXTS as MODERATION_TEXTS
from passerelle.orgs.models import Service
from passerelle.prompts.answering import prompt_reply
from passerelle.prompts.selectors import prompt_open_for
from passerelle.surveys.responses import member_surveys_stop, response_resume, response_stop

JOIN_KINDS = ("join_request", "joined")


def _platform_params(event) -> dict:
    chat_id = (event.extra or {}).get("chat_id")
    return {"chat_id": chat_id} if chat_id not in (None, "") else {}


def _store(channel, member, event, at) -> None:
    # Commands and answers in a private chat stay in the thread, so the conversation the
    # member sees (and the moderator reads) is whole.
    message_receive(channel=channel, member=member, event=event, at=at)


def _report(channel, member, event, at) -> None:
    service = channel.service
    target = None
    if event.kind == "report":
        message_id = str((event.extra or {}).get("message") or "")
        if message_id.isdigit():
            target = Message.objects.filter(
                pk=int(message_id), service=service, thread__kind="group"
            ).first()
    elif event.reply_to_platform_id:
        target = Message.objects.filter(
            channel=channel, platform_message_id=event.reply_to_platform_id
        ).first()
    if event.kind == InboundEvent.MESSAGE and event.thread_kind == "group":
        _hide_command(channel, event)
    if target is None:
        member_notify(service=service, member=member, key="report_how", catalog=MODERATION_TEXTS)
        return
    report_from_member(message=target, reporter=member, at=at)


def _hide_command(channel, event) -> None:
    # A /report left in a platform's group would tell everyone who reported.
    if isinstance(channel.channel_type, NativeChannelType) or not event.platform_message_id:
        return
    platform_action_queue(
        channel=channel,
        action="delete_message",
        params={"message_id": event.platform_message_id, **_platform_params(event)},
        dedupe_key=f"hide_report:{channel.pk}:{event.platform_message_id}",
    )


def one_way_redirect(*, channel, member, membership, event: InboundEvent) -> InboundEvent:
    """A member's post in a one-way service's group (only staff post there) is refused.

    It is taken off the platform's group where the bot may delete it, the member is told
    why, and what they wrote goes on as a private message: the team still sees the
    question (the inbox, the standard's clock, the after-hours reply), nothing is lost.
    Called by the dispatcher for every channel, so no platform has its own way in.
    """
    if (
        event.kind != InboundEvent.MESSAGE
        or event.thread_kind != "group"
        or channel.service.mode != Service.Mode.ONE_WAY
    ):
        return event
    native = isinstance(channel.channel_type, NativeChannelType)
    if native and (membership is None or membership.status != Membership.Status.ACTIVE):
        return event  # our own group's door comes first: the intake is the way in
    if not native and event.platform_message_id:
        platform_action_queue(
            channel=channel,
            action="delete_message",
            params={"message_id": event.platform_message_id, **_platform_params(event)},
            dedupe_key=f"one_way:{channel.pk}:{event.platform_message_id}",
        )
    member_notify(service=channel.service, member=member, key="one_way_refused")
    # (On our own platforms the group lives here: not storing the post there refuses it.)
    return replace(event, thread_kind="private", reply_to_platform_id="")


def _native_group_gate(channel, member, membership, at) -> bool:
    """On our own platforms the group lives here, so we decide who posts in it (True when
    the post is not accepted): the same join path as a Telegram join request."""
    channel_type = channel.channel_type
    if not isinstance(channel_type, NativeChannelType):
        return False  # the platform keeps its group's door
    service = channel.service
    status = membership.status if membership is not None else None
    if status == Membership.Status.ACTIVE:
        if membership.muted_until is not None and membership.muted_until > at:
            _blocked_notify(service, member, membership, "muted")
            return True
        return False
    if status == Membership.Status.REMOVED and not ban_ended(membership, at):
        _blocked_notify(service, member, membership, "not_member")
        return True
    if status is None and not channel_type.gates_group:
        # The simulator plays platforms whose group is joined on the platform itself.
        return False
    # A first post, or a post after leaving: the way in is the intake (questions,
    # guidelines accepted, then the auto-accept rule or a moderator's approval).
    intake_start(service=service, channel=channel, member=member, source="group_post", at=at)
    return True


def community_event_route(*, channel, member, membership, event, at=None) -> bool:
    """Handle what belongs to the community; True when the event needs nothing more.

    `membership` is the member's in the channel's service (None when they have none), as
    the dispatcher read it for this event."""
    service = channel.service
    at = at or event.occurred_at or timezone.now()
    if event.kind in JOIN_KINDS:
        if event.kind == "joined" and membership and membership.status == Membership.Status.ACTIVE:
            return True  # the platform confirming a join we approved
        intake_start(
            service=service,
            channel=channel,
            member=member,
            source=event.kind,
            platform_params=_platform_params(event),
            at=at,
        )
        return True
    if event.kind == "left":
        member_surveys_stop(member=member, at=at)
        member_leave(
            service=service,
            member=member,
            channel=channel,
            from_platform=True,
            via=f"{channel.type}:left",
            at=at,
        )
        return True
    if event.kind == "report":
        _report(channel, member, event, at)
        return True
    private = event.thread_kind == "private"
    if event.kind == InboundEvent.MESSAGE:
        command = commands.parse(event.text, private=private)
    else:
        command = commands.from_platform(event.kind, event.text)
        if command is None:
            return False
    if command is not None:
        if private:
            _store(channel, member, event, at)
        _run(command, channel, member, event, at)
        return True
    if private:
        # An answer to what Passerelle asked (the intake's questions among them)?
        return _prompt_reply(channel, member, membership, event, at)
    return _native_group_gate(channel, member, membership, at)


def _prompt_reply(channel, member, membership, event, at) -> bool:
    """The answer to the question waiting for this member here (prompts), if it is one."""
    # The first read said whether a prompt is open: most messages cost nothing more here.
    # Someone with no membership here (a web chat visitor) may still have been asked.
    if membership is not None and not getattr(membership, "prompt_open", True):
        return False
    if membership is None and member_is_new(member):
        return False
    thread_id = getattr(membership, "private_thread_id", None)
    # Locked: two quick replies processed by two workers do not answer one prompt twice.
    prompt = prompt_open_for(member=member, thread=thread_id, service=channel.service, lock=True)
    if prompt is None:
        return False
    return prompt_reply(
        prompt=prompt,
        text=event.text,
        at=at,
        store=lambda: message_receive(channel=channel, member=member, event=event, at=at),
    )


def _blocked_notify(service, member, membership, key) -> None:
    if key == "not_member":
        member_notify(service=service, member=member, key="not_member")
        return
    local = timezone.localtime(membership.muted_until, service.tz)
    member_notify(
        service=service,
        member=member,
        key="muted",
        catalog=MODERATION_TEXTS,
        until=local.strftime("%Y-%m-%d %H:%M"),
    )


def _run(command, channel, member, event, at) -> None:
    service = channel.service
    address = event.sender_address
    if command.name == commands.START:
        # Joining again by SMS also lifts an opt-out: the person asked to hear from us.
        contact_opt_in(channel=channel, address=address)
        intake_start(
            service=service,
            channel=channel,
            member=member,
            source="start" if command.typed.startswith("/") else "keyword",
            at=at,
        )
    elif command.name == commands.RULES:
        rules_send(service=service, member=member)
    elif command.name == commands.LEAVE:
        # Leaving wins over a survey being answered: its answers are kept, it asks no more.
        member_surveys_stop(member=member, at=at)
        # Whatever word said it, leaving by SMS opts the number out (carrier rules).
        contact_opt_out(channel=channel, address=address, word=command.typed, at=at)
        member_leave(
            service=service,
            member=member,
            channel=channel,
            at=at,
            via=f"{channel.type}:{command.typed}",
        )
    elif command.name == commands.REPORT:
        _report(channel, member, event, at)
    elif command.name == commands.STOP_SURVEY:
        response_stop(member=member, at=at)
    elif command.name == commands.RESUME_SURVEY:
        response_resume(member=member, service=service, at=at)
    elif command.name == commands.PRIVACY:
        # Like HELP, answered where it was asked; a bare word ("confidentialité") picks the
        # language if the service speaks it, else the member's.
        language = command.language if command.language in (service.languages or []) else ""
        privacy_notice_send(
            service=service,
            member=member,
            channel=channel,
            pin_recipient=address,
            language=language,
            at=at,
        )
    elif command.name == commands.HELP:
        # Answered where it was asked, and only there: an SMS HELP costs one SMS.
        language = command.language if command.language in (service.languages or []) else ""
        member_notify(
            service=service,
            member=member,
            key="help",
            language=language,
            pin_channel=channel,
            pin_recipient=address,
        )
