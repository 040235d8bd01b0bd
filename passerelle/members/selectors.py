"""Reads about members: the addresses that reach them."""

from passerelle.channels.selectors import channels_by_platform


def addresses_for(member, service_id: int) -> list:
    """(channel, address) pairs that reach this member privately in one service: every
    active channel of the service on a platform where the member has an identity."""
    if member is None:
        return []
    identities = dict(member.identities.values_list("platform", "address"))
    return [
        (channel, identities[platform])
        for channel, platform in channels_by_platform(service_id)
        if identities.get(platform)
    ]


def address_on(member, channel) -> str:
    """The member's address on one channel's platform ('' when they have none there)."""
    return (
        member.identities.filter(platform=channel.channel_type.platform)
        .values_list("address", flat=True)
        .first()
    ) or ""
