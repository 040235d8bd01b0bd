"""Reads about channels that the domain needs to address its sends."""

from passerelle.channels.models import Channel, OutboundMessage


def group_destinations(service_id: int) -> list[tuple[Channel, str]]:
    """(channel, recipient) pairs a post in the service's group goes to."""
    pairs = []
    for channel in Channel.objects.filter(service_id=service_id, is_active=True):
        channel_type = _type_of(channel)
        if channel_type and channel_type.carries_group:
            if recipient := channel_type.group_recipient(channel):
                pairs.append((channel, recipient))
    return pairs


def channels_by_platform(service_id: int) -> list[tuple[Channel, str]]:
    """The service's active channels with the identity platform each speaks."""
    return [
        (channel, channel_type.platform)
        for channel in Channel.objects.filter(service_id=service_id, is_active=True)
        if (channel_type := _type_of(channel)) is not None
    ]


def _type_of(channel):
    try:
        return channel.channel_type
    except KeyError:  # a type no longer installed carries nothing
        return None


def sent_platform_id(*, source_id: int, channel, recipient: str) -> str:
    """The platform's id of what a send of `source_id` became there ('' if none yet)."""
    return (
        OutboundMessage.objects.filter(source_id=source_id, channel=channel, recipient=recipient)
        .exclude(platform_message_id="")
        .values_list("platform_message_id", flat=True)
        .first()
        or ""
    )
