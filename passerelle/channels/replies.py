"""Whether a staff reply can reach a member now, and sends pinned to one channel.

Platforms limit when a business may write first: WhatsApp's 24-hour customer-service
window, Messenger's 24 hours (7 days for a human agent), an SMS number that replied STOP.
Each channel type says why it cannot carry a reply (`reply_block_reason`); this module
asks the channels a private thread would use, so the moderator is told before sending.
"""

from datetime import datetime

from django.db import transaction

from passerelle.channels.models import Channel, OutboundMessage


def reply_channels(thread) -> list[tuple[Channel, str]]:
    """(channel, recipient) pairs a staff reply in a private thread goes to.

    Mirrors the outbound pipeline's choice: every active channel of the service on a
    platform where the member has an identity. Group threads have no per-member limits.
    """
    if thread.kind != "private" or thread.member_id is None:
        return []
    identities = dict(thread.member.identities.values_list("platform", "address"))
    pairs = []
    for channel in Channel.objects.filter(service_id=thread.service_id, is_active=True):
        try:
            platform = channel.channel_type.platform
        except KeyError:  # a type no longer installed carries nothing
            continue
        if identities.get(platform):
            pairs.append((channel, identities[platform]))
    return pairs


def reply_block_reason(*, thread, now: datetime) -> str:
    """Why a reply cannot go out at all ('' when at least one channel can carry it)."""
    reasons = []
    channels = reply_channels(thread)
    for channel, _recipient in channels:
        reason = channel.channel_type.reply_block_reason(channel, thread, now)
        if not reason:
            return ""
        reasons.append(reason)
    return " ".join(reasons)


def last_member_message_at(channel, member) -> datetime | None:
    """When the member last wrote to the service on this channel (opens platform windows)."""
    from passerelle.conversations.models import Message

    return (
        Message.objects.filter(channel=channel, member=member, direction="in")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def outbound_on_channel(*, message, channel, recipient: str) -> OutboundMessage:
    """Queue a staff or system message on one channel only (a WhatsApp template, an SMS
    HELP answer): those speak one platform's language and must not fan out."""
    from passerelle.channels.tasks import send_outbound

    row, _created = OutboundMessage.objects.get_or_create(
        message=message, channel=channel, recipient=recipient, defaults={"org_id": message.org_id}
    )
    transaction.on_commit(lambda: send_outbound.enqueue(row.pk))
    return row
