"""Where a neutral inbound event goes: who sent it, their membership, then the message."""

from django.utils import timezone

from passerelle.channels.types.base import InboundEvent
from passerelle.communities import services as communities
from passerelle.communities.inbound import community_event_route
from passerelle.conversations.edits import message_edit_receive
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_receive
from passerelle.members.services import member_for_identity
from passerelle.questions.after_hours import after_hours_reply_send
from passerelle.referrals.services import followup_reply_catch


def inbound_event_handle(*, channel, event: InboundEvent, raw_event) -> None:
    """Apply one inbound event; runs inside the raw event's transaction."""
    if event.kind == InboundEvent.EDITED:
        # Not a new message: the stored one takes the new text (no join, no reply).
        message_edit_receive(channel=channel, event=event, at=event.occurred_at or timezone.now())
        return
    service = channel.service
    member, _created = member_for_identity(
        org=channel.org,
        platform=channel.channel_type.platform,
        address=event.sender_address,
        name=event.sender_name,
        language=event.sender_language,
    )
    at = event.occurred_at or timezone.now()
    via = f"{channel.type}:{event.kind}"
    # Joins, leaves, commands (/start /rules /leave /report, STOP…) and intake answers first.
    if community_event_route(channel=channel, member=member, event=event, at=at):
        return
    communities.membership_ensure(service=service, member=member, via=via, at=at)
    if event.kind == InboundEvent.MESSAGE:
        message = message_receive(channel=channel, member=member, event=event, at=at)
        if message is not None and message.thread.kind == Thread.Kind.PRIVATE:
            # A pending referral follow-up takes the reply first ("1", "no"…); otherwise a
            # message received while closed gets the after-hours auto-reply.
            if not followup_reply_catch(message=message):
                after_hours_reply_send(message=message)
