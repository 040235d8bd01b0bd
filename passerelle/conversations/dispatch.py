"""Where a neutral inbound event goes: who sent it, their membership, then the message."""

from django.utils import timezone

from passerelle.channels.types.base import InboundEvent
from passerelle.communities import services as communities
from passerelle.conversations.services import message_receive
from passerelle.members.services import member_for_identity


def inbound_event_handle(*, channel, event: InboundEvent, raw_event) -> None:
    """Apply one inbound event; runs inside the raw event's transaction."""
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
    if event.kind == "left":
        membership = communities.membership_ensure(service=service, member=member, via=via, at=at)
        communities.membership_leave(membership=membership, via=via, at=at)
        return
    communities.membership_ensure(service=service, member=member, via=via, at=at)
    if event.kind == InboundEvent.MESSAGE:
        message_receive(channel=channel, member=member, event=event, at=at)
