"""Turning stored raw events into members, memberships and messages — exactly once."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from passerelle.channels.models import RawEvent
from passerelle.channels.statuses import ReportTooEarly, outbound_status_apply
from passerelle.channels.types.base import InboundEvent, WebhookRejected

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def raw_event_process(raw_event_id: int) -> bool:
    """Process one raw event if nobody has; returns True when this call processed it."""
    from passerelle.conversations.dispatch import inbound_event_handle

    try:
        with transaction.atomic():
            # The row lock (PostgreSQL) or the IMMEDIATE write lock (SQLite) makes a second
            # worker wait here, then see processed_at set and do nothing. Only this row: a
            # lock on the joined channel, service and organization rows would make every
            # worker (and every webhook's foreign-key check) wait for this transaction.
            event = (
                RawEvent.objects.select_for_update(of=("self",))
                .select_related("channel", "channel__service", "channel__org")
                .filter(pk=raw_event_id, processed_at__isnull=True)
                .first()
            )
            if event is None:
                return False
            channel = event.channel
            try:
                parsed = channel.channel_type.parse(channel, event.body)
            except WebhookRejected as exc:
                # Stored but unusable: keep it for inspection, never retry.
                log.warning("raw event %s unparseable: %s", event.pk, exc)
                parsed, event.error = [], f"unparseable: {exc}"
            for inbound in parsed:
                _route(channel, inbound, event, inbound_event_handle)
            event.processed_at = timezone.now()
            event.attempts = F("attempts") + 1
            event.save(update_fields=["processed_at", "attempts", "error"])
            return True
    except ReportTooEarly as exc:
        # Not an error: the scheduler offers the event again in a little while.
        log.info("raw event %s postponed: %s", raw_event_id, exc)
        RawEvent.objects.filter(pk=raw_event_id).update(
            attempts=F("attempts") + 1, error=f"postponed: {exc}"[:2000]
        )
        return False
    except Exception as exc:
        # A bug or a database hiccup: the transaction rolled back, so nothing half-done
        # remains; count the attempt and let the scheduler try again later.
        log.exception("raw event %s failed", raw_event_id)
        RawEvent.objects.filter(pk=raw_event_id).update(
            attempts=F("attempts") + 1, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False


def _drop_nul(inbound: InboundEvent) -> None:
    # PostgreSQL text cannot hold NUL: a message carrying one ("\u0000" in JSON, %00 in a
    # form) would fail on every retry and never reach the inbox.
    for name in (
        "sender_address",
        "sender_name",
        "sender_language",
        "text",
        "platform_message_id",
        "reply_to_platform_id",
    ):
        value = getattr(inbound, name)
        if isinstance(value, str) and "\x00" in value:
            setattr(inbound, name, value.replace("\x00", ""))


def _route(channel, inbound: InboundEvent, raw_event, dispatch) -> None:
    # Delivery reports and keyword handling (SMS STOP) are the channel's business;
    # everything else is the conversation's.
    if inbound.kind == InboundEvent.IGNORED:
        return
    _drop_nul(inbound)
    if inbound.kind == InboundEvent.STATUS:
        outbound_status_apply(channel=channel, event=inbound)
        return
    if inbound.kind == InboundEvent.MESSAGE and inbound.platform_message_id:
        from passerelle.conversations.models import Message

        # Platforms that batch (WhatsApp) may deliver one message in two different bodies:
        # the second copy must not run commands or intake answers again.
        if Message.objects.filter(
            channel=channel, platform_message_id=inbound.platform_message_id
        ).exists():
            return
    if channel.channel_type.inbound_handle(channel, inbound, raw_event):
        return
    dispatch(channel=channel, event=inbound, raw_event=raw_event)


def stale_raw_events_requeue() -> int:
    """Enqueue raw events nobody finished (a worker died); returns how many."""
    from passerelle.channels.tasks import process_raw_event

    cutoff = timezone.now() - timedelta(seconds=settings.RAW_EVENT_RETRY_SECONDS)
    stale = RawEvent.objects.filter(
        Q(requeued_at__isnull=True) | Q(requeued_at__lt=cutoff),
        processed_at__isnull=True,
        received_at__lt=cutoff,
        attempts__lt=MAX_ATTEMPTS,
    )
    count = 0
    for pk in list(stale.values_list("pk", flat=True)[:1000]):
        # Conditional claim: with two schedulers running, only one enqueues each event.
        if stale.filter(pk=pk).update(requeued_at=timezone.now()) == 1:
            process_raw_event.enqueue(pk)
            count += 1
    return count
