"""Which one of a person's channels a private message goes through (docs/inbox.md).

A person with addresses on two platforms of a service (a merged member writing on
WhatsApp and by SMS) gets a private message once, on one channel, never on both:

1. the channel staff chose for their conversation (Thread.reply_channel), if it still
   reaches them;
2. else the channel of their latest message in that private conversation;
3. else the channel of their latest message in the service (the group);
4. else the first of the service's channels they have an address on.

Every path that sends to the person privately asks here: a staff reply and every notice
(conversations.selectors.destinations_for), and the sweeps sending prompts, posts,
surveys, event reminders and referral follow-ups (`reach_for_many`). A WhatsApp channel
outside the 24-hour window keeps its rule: the choice stands and the reply waits for a
template (channels.replies), rather than jumping to a platform the person did not pick.
"""

from django.db.models import OuterRef, Subquery

from passerelle.conversations.models import Message, Thread
from passerelle.members.selectors import addresses_for, addresses_for_many


def _latest_inbound(**where):
    return Message.objects.filter(
        direction=Message.Direction.IN, channel__isnull=False, **where
    ).order_by("-created_at", "-id")


def _pick(pairs: list, preferred_id, *used_ids) -> list:
    by_channel = {channel.pk: (channel, address) for channel, address in pairs}
    for channel_id in (preferred_id, *used_ids):
        if channel_id in by_channel:
            return [by_channel[channel_id]]
    return pairs[:1]


def _group_latest(service_id: int, member_id: int, channel_ids) -> int | None:
    return (
        _latest_inbound(service_id=service_id, member_id=member_id, channel_id__in=channel_ids)
        .values_list("channel_id", flat=True)
        .first()
    )


def _pairs(thread: Thread) -> list:
    # Every address of the person on the service's channels, read once per thread object:
    # the conversation page asks for the reply tools, the header and the block reason.
    pairs = getattr(thread, "_reach_pairs", None)
    if pairs is None:
        pairs = thread._reach_pairs = addresses_for(thread.member, thread.service_id)
    return pairs


def reply_destinations(thread: Thread) -> list:
    """The (channel, address) a private message in this thread goes to: one pair, or none."""
    pairs = _pairs(thread)
    if len(pairs) <= 1:
        return pairs
    channel_ids = [c.pk for c, _a in pairs]
    in_thread = (
        _latest_inbound(thread_id=thread.pk, channel_id__in=channel_ids)
        .values_list("channel_id", flat=True)
        .first()
    )
    if thread.reply_channel_id in channel_ids or in_thread is not None:
        return _pick(pairs, thread.reply_channel_id, in_thread)
    return _pick(pairs, None, _group_latest(thread.service_id, thread.member_id, channel_ids))


def reach_for_many(members, service_id: int) -> dict:
    """reply_destinations for many members of one service (a sweep): member id → pairs.
    Only people with more than one channel cost a read: one for all their threads."""
    addresses = addresses_for_many(members, service_id)
    several = [member_id for member_id, pairs in addresses.items() if len(pairs) > 1]
    if not several:
        return addresses
    newest = _latest_inbound(thread_id=OuterRef("pk")).values("channel_id")[:1]
    threads = {
        member_id: (preferred, used)
        for member_id, preferred, used in Thread.objects.filter(
            service_id=service_id, kind=Thread.Kind.PRIVATE, member_id__in=several
        )
        .annotate(used=Subquery(newest))
        .values_list("member_id", "reply_channel_id", "used")
    }
    for member_id in several:
        pairs = addresses[member_id]
        preferred, used = threads.get(member_id, (None, None))
        channel_ids = [c.pk for c, _a in pairs]
        if preferred not in channel_ids and used not in channel_ids:
            used = _group_latest(service_id, member_id, channel_ids)
        addresses[member_id] = _pick(pairs, preferred, used)
    return addresses


def reply_channel_choices(thread: Thread) -> list:
    """The channels staff may choose to reply through: those that reach the person."""
    if thread.kind != Thread.Kind.PRIVATE:
        return []
    return [channel for channel, _a in _pairs(thread)]
