"""Reads about channels that the domain needs to address its sends."""

from django.db.models import Count, Q

from passerelle.channels.models import Channel, OutboundMessage
from passerelle.common.memo import once, remember


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
    return once(
        ("channels_by_platform", service_id),
        lambda: [
            (channel, channel_type.platform)
            for channel in Channel.objects.filter(service_id=service_id, is_active=True)
            if (channel_type := _type_of(channel)) is not None
        ],
    )


def channels_known(service_id: int, channels: list[tuple[Channel, str]]) -> None:
    """The service's active channels are known already (read with something else):
    channels_by_platform in the current scope reads nothing."""
    remember(("channels_by_platform", service_id), list(channels))


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


def send_summaries(message_ids) -> dict:
    """Per staff message id: how its sends stand (a count per state, whether one may have
    arrived twice, the first three failures); one query for all the messages, a second
    when some send failed."""
    ids = list(message_ids)
    sends = OutboundMessage.objects.filter(source_id__in=ids)
    arrived = (
        OutboundMessage.State.SENT,
        OutboundMessage.State.DELIVERED,
        OutboundMessage.State.READ,
    )
    counts = {pk: {} for pk in ids}
    twice = dict.fromkeys(ids, 0)
    rows = (
        sends.values_list("source_id", "state")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(maybe_sent_at__isnull=False)))
        .order_by()
    )
    for source_id, state, n, late in rows:
        counts[source_id][state] = n
        if state in arrived:
            # A timed-out attempt, then a successful one: the member may have it twice.
            twice[source_id] += late
    failed = {pk: [] for pk in ids}
    with_failures = [pk for pk in ids if OutboundMessage.State.FAILED in counts[pk]]
    if with_failures:
        for send in (
            sends.filter(source_id__in=with_failures, state=OutboundMessage.State.FAILED)
            .select_related("channel")
            .order_by("pk")
        ):
            if len(failed[send.source_id]) < 3:
                failed[send.source_id].append(send)
    labels = dict(OutboundMessage.State.choices)
    return {
        pk: {
            "maybe_twice": twice[pk],
            "states": [
                (state, labels[state], counts[pk][state]) for state in labels if state in counts[pk]
            ],
            "total": sum(counts[pk].values()),
            "failed": failed[pk],
        }
        for pk in ids
    }


def send_summaries_attach(messages) -> None:
    """Set `send_summary` on each message (what `{% send_states m %}` shows)."""
    if messages:
        summaries = send_summaries([m.pk for m in messages])
        for message in messages:
            message.send_summary = summaries[message.pk]
