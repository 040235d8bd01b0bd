"""Outbound pipeline: one row per recipient, claimed before sending, retried with backoff."""

import logging
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from passerelle.channels.models import Channel, OutboundMessage
from passerelle.channels.types.base import SendError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row stuck in "sending" this long belonged to a worker that died mid-call.
SENDING_TIMEOUT = timedelta(minutes=2)
LOST_TASK_AFTER = timedelta(minutes=30)


def _destinations(message):
    """(channel, recipient) pairs a staff message must go to."""
    service = message.service
    channels = Channel.objects.filter(service=service, is_active=True)
    if message.thread.kind == "group":
        for channel in channels:
            channel_type = channel.channel_type
            if channel_type.carries_group and (recipient := channel_type.group_recipient(channel)):
                yield channel, recipient
        return
    # Private: answer on the platforms where this member has written to the service.
    identities = {i.platform: i.address for i in message.member.identities.all()}
    for channel in channels:
        address = identities.get(channel.channel_type.platform)
        if address:
            yield channel, address


def outbound_queue(*, message) -> list[OutboundMessage]:
    """Create the outbound rows of a staff message and send them after commit."""
    from passerelle.channels.tasks import send_outbound

    rows = [
        OutboundMessage.objects.get_or_create(
            message=message,
            channel=channel,
            recipient=recipient,
            defaults={"org_id": message.org_id},
        )[0]
        for channel, recipient in _destinations(message)
    ]
    for row in rows:
        transaction.on_commit(lambda pk=row.pk: send_outbound.enqueue(pk))
    return rows


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    # Exponential with jitter so a platform outage does not get a synchronised stampede.
    base = min(2**attempts, 600) * (0.5 + random.random())
    return timedelta(seconds=max(base, retry_after or 0))


def outbound_send(outbound_id: int) -> str:
    """Send one queued row if it is due; returns the state it ended in."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=outbound_id,
        state=OutboundMessage.State.QUEUED,
    ).update(state=OutboundMessage.State.SENDING, attempts=F("attempts") + 1, next_attempt_at=now)
    if claimed != 1:
        return "skipped"
    row = OutboundMessage.objects.select_related("channel", "message").get(pk=outbound_id)
    try:
        result = row.channel.channel_type.send(row.channel, row)
    except SendError as exc:
        if exc.permanent or row.attempts >= MAX_ATTEMPTS:
            row.state, row.error = OutboundMessage.State.FAILED, str(exc)
            log.warning("outbound %s failed for good: %s", row.pk, exc)
        else:
            row.state, row.error = OutboundMessage.State.QUEUED, str(exc)
            row.next_attempt_at = timezone.now() + _backoff(row.attempts, exc.retry_after)
            log.info("outbound %s will retry at %s: %s", row.pk, row.next_attempt_at, exc)
        row.save(update_fields=["state", "error", "next_attempt_at"])
        return row.state
    row.state, row.sent_at = OutboundMessage.State.SENT, timezone.now()
    row.platform_message_id, row.error = result.platform_message_id, ""
    row.save(update_fields=["state", "sent_at", "platform_message_id", "error"])
    return row.state


def due_outbound_requeue() -> int:
    """Enqueue rows whose retry time came, and rescue rows a dead worker left behind."""
    from passerelle.channels.tasks import send_outbound

    now = timezone.now()
    OutboundMessage.objects.filter(
        state=OutboundMessage.State.SENDING, next_attempt_at__lt=now - SENDING_TIMEOUT
    ).update(state=OutboundMessage.State.QUEUED, next_attempt_at=now)
    # A null next_attempt_at means "a send task is queued for it"; one that old lost its task.
    OutboundMessage.objects.filter(
        state=OutboundMessage.State.QUEUED,
        next_attempt_at__isnull=True,
        created_at__lt=now - LOST_TASK_AFTER,
    ).update(next_attempt_at=now)
    due = OutboundMessage.objects.filter(
        state=OutboundMessage.State.QUEUED, next_attempt_at__lte=now
    )
    count = 0
    for pk in list(due.values_list("pk", flat=True)[:1000]):
        # Clearing the time is the claim: two schedulers never enqueue the same row twice.
        if due.filter(pk=pk).update(next_attempt_at=None) == 1:
            send_outbound.enqueue(pk)
            count += 1
    return count
