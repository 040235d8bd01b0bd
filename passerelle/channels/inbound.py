"""Turning stored raw events into neutral events for the domain — exactly once.

The pipeline parses, applies what is its own (delivery reports, the address's
ContactStatus), then hands each event to the handler `settings.INBOUND_HANDLER` names
(routing): it never imports the domain (docs/architecture.md, the inbound port).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from passerelle.channels.contacts import contact_inbound
from passerelle.channels.models import RawEvent
from passerelle.channels.statuses import ReportTooEarly, outbound_status_apply
from passerelle.channels.types.base import InboundEvent, WebhookRejected

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def raw_event_process(raw_event_id: int) -> bool:
    """Process one raw event if nobody has; returns True when this call processed it."""
    handler = import_string(settings.INBOUND_HANDLER)
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
                # A type that cannot vouch for a time (the web chat's browser) gets ours.
                inbound.occurred_at = inbound.occurred_at or event.received_at
                _route(channel, inbound, handler)
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


def _route(channel, inbound: InboundEvent, handler) -> None:
    # Delivery reports and the address's own facts are the pipeline's business; what the
    # event means for the service is the handler's.
    if inbound.kind == InboundEvent.IGNORED:
        return
    if inbound.kind == InboundEvent.STATUS:
        outbound_status_apply(channel=channel, event=inbound)
        return
    if channel.channel_type.inbound_handle(channel, inbound):
        return
    contact_inbound(channel, inbound)
    handler(channel=channel, event=inbound)


def stale_raw_events_requeue() -> int:
    """Enqueue raw events nobody finished (a worker died); returns how many."""
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
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
