"""Turning stored raw events into neutral events for the domain — exactly once.

The pipeline parses, applies what is its own (delivery reports, the address's
ContactStatus), then hands each event to the handler `settings.INBOUND_HANDLER` names
(routing): it never imports the domain (docs/architecture.md, the inbound port).
"""

import copy
import logging
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from passerelle.channels.contacts import contact_inbound
from passerelle.channels.models import Channel, RawEvent
from passerelle.channels.statuses import ReportTooEarly, outbound_status_apply
from passerelle.channels.types.base import InboundEvent, WebhookRejected
from passerelle.common.compiled import Compiled, CompiledUpdate
from passerelle.orgs.models import Organization, Service

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _locked(rows):
    # Only the event rows: a lock on the joined channel, service and organization rows would
    # make every worker (and every webhook's foreign-key check) wait for this transaction.
    return rows.select_for_update(of=("self",)).select_related(
        "channel", "channel__service", "channel__org"
    )


def _apply(event: RawEvent, handler) -> None:
    """Parse and route one event; an unparseable one gets its `error` and routes nothing."""
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


def _attempt_failed(raw_event_id: int, attempts_before: int, exc: Exception) -> None:
    if isinstance(exc, ReportTooEarly):
        # Not an error: offered again in a little while, like a failure.
        log.info("raw event %s postponed: %s", raw_event_id, exc)
        error = f"postponed: {exc}"
    else:
        # A bug or a database hiccup: its savepoint or transaction rolled back, so nothing
        # half-done remains; count the attempt and offer it again after a growing delay.
        log.exception("raw event %s failed", raw_event_id, exc_info=exc)
        error = f"{type(exc).__name__}: {exc}"
    delay = settings.RAW_EVENT_RETRY_SECONDS * 2**attempts_before
    RawEvent.objects.filter(pk=raw_event_id).update(
        attempts=F("attempts") + 1,
        error=error[:2000],
        retry_at=timezone.now() + timedelta(seconds=delay),
    )


def raw_event_process(raw_event_id: int) -> bool:
    """Process one raw event if nobody has; returns True when this call processed it.

    Two statements of its own: lock the row (PostgreSQL; SQLite's IMMEDIATE transaction
    holds the write lock) and mark it processed. A second caller waits on the lock, then
    finds it processed and does nothing.
    """
    handler = import_string(settings.INBOUND_HANDLER)
    attempts_before = 0
    try:
        with transaction.atomic():
            unprocessed = RawEvent.objects.filter(pk=raw_event_id, processed_at__isnull=True)
            event = _locked(unprocessed).first()
            if event is None:
                return False
            attempts_before = event.attempts
            _apply(event, handler)
            event.processed_at = timezone.now()
            event.attempts = F("attempts") + 1
            event.save(update_fields=["processed_at", "attempts", "error"])
            return True
    except Exception as exc:
        _attempt_failed(raw_event_id, attempts_before, exc)
        return False


def _due(now=None):
    now = now or timezone.now()
    return RawEvent.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now),
        processed_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
    )


def _lock_conflict(exc: OperationalError) -> bool:
    # PostgreSQL's deadlock_detected and serialization_failure: nothing wrong with the event.
    return getattr(exc.__cause__, "sqlstate", None) in ("40P01", "40001")


# The worker's claim and its "processed" mark run for every event: built by the ORM once
# per connection and batch size (common.compiled), the channel rows kept a few seconds.
_CLAIMS: dict[int, Compiled] = {}
_PROCESSED = CompiledUpdate(
    lambda *, pk, at: (
        RawEvent.objects.filter(pk=pk),
        {"processed_at": at, "attempts": F("attempts") + 1},
    ),
    pk=int,
    at=datetime,
)


def _claimed(limit: int) -> list[RawEvent]:
    if not settings.WEBHOOK_CHANNEL_CACHE_SECONDS:
        # Channel rows read with every claim (tests: a change applies at once).
        return list(
            _due()
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("channel", "channel__service", "channel__org")
            .order_by("pk")[:limit]
        )
    if limit not in _CLAIMS:
        _CLAIMS[limit] = Compiled(
            lambda *, now: (
                _due(now).select_for_update(of=("self",), skip_locked=True).order_by("pk")[:limit]
            ),
            now=datetime,
        )
    events = _CLAIMS[limit].instances(now=timezone.now())
    for event in events:
        event.channel = _channel_with_service(event.channel_id)
    return events


# channel id -> (when read, the channel's, its service's and its organisation's values).
_channel_rows: dict[int, tuple] = {}
_channel_rows_lock = threading.Lock()


def _values(instance) -> list:
    return [getattr(instance, f.attname) for f in instance._meta.concrete_fields]


def _instance(model, values):
    # JSON values copied: a dict one event's code changes must not reach the next event.
    fresh = [copy.deepcopy(v) if isinstance(v, dict | list) else v for v in values]
    return model.from_db("default", [f.attname for f in model._meta.concrete_fields], fresh)


def _channel_with_service(channel_id: int) -> Channel:
    """The event's channel, service and organisation, as the claim's join would give them.

    Read once every WEBHOOK_CHANNEL_CACHE_SECONDS per process (a deactivated channel or an
    archived service applies within it, as for the webhooks), and built anew for each
    event: what the domain does to one event's instances never reaches the next."""
    now = time.monotonic()
    hit = _channel_rows.get(channel_id)
    if hit is None or now - hit[0] >= settings.WEBHOOK_CHANNEL_CACHE_SECONDS:
        channel = Channel.objects.select_related("service", "org").get(pk=channel_id)
        hit = (now, _values(channel), _values(channel.service), _values(channel.org))
        with _channel_rows_lock:
            _channel_rows[channel_id] = hit
    _when, channel_values, service_values, org_values = hit
    channel = _instance(Channel, channel_values)
    Channel.service.field.set_cached_value(channel, _instance(Service, service_values))
    Channel.org.field.set_cached_value(channel, _instance(Organization, org_values))
    return channel


def raw_events_claim(*, limit: int | None = None) -> int:
    """Claim up to `limit` due raw events, process them, commit; returns how many it took.

    The raw event table is the inbound queue. The events are claimed with row locks
    (`FOR UPDATE SKIP LOCKED`: two workers get disjoint events) held by the transaction
    that processes them, so a worker killed mid-batch has committed nothing and its locks
    die with its connection: another worker claims the same events, none lost, none
    applied twice. On SQLite the IMMEDIATE transaction holds the one write lock instead.
    Each event runs in a savepoint: one that fails is rolled back alone, its attempt
    counted and offered again later; the others commit with the batch.

    A batch holds every row lock its events took until it commits. Measured with two
    workers and batches of 10 (bench/README.md): on the daily message count, one row per
    service and day that every message increments, 0.75 of the two were waiting for the
    other's batch on average (0.08 with one event each), so the default
    (settings.RAW_EVENT_BATCH) is one event per transaction.
    """
    limit = limit or settings.RAW_EVENT_BATCH
    if not connection.features.has_select_for_update_skip_locked and not _due().exists():
        # SQLite: BEGIN IMMEDIATE takes the database's one write lock, so an idle worker
        # looks first without it rather than blocking webhooks on every poll.
        return 0
    handler = import_string(settings.INBOUND_HANDLER)
    with transaction.atomic():
        events = _claimed(limit)
        done, unusable = [], []
        for event in events:
            try:
                with transaction.atomic():
                    _apply(event, handler)
            except OperationalError as exc:
                if not _lock_conflict(exc):
                    _attempt_failed(event.pk, event.attempts, exc)
                    continue
                # Another worker's batch waits for a row this one holds, and this one for
                # a row it holds: commit what is done, which frees it, and give this event
                # and the rest back, unlocked and not counted, to the next claim.
                log.info("raw event %s: lock conflict, batch ended early: %s", event.pk, exc)
                break
            except Exception as exc:
                _attempt_failed(event.pk, event.attempts, exc)
            else:
                (unusable if event.error else done).append(event.pk)
        finished = timezone.now()
        # One statement marks the whole batch: per event, the claim and this cost 2/limit.
        if len(done) == 1:
            _PROCESSED.run(pk=done[0], at=finished)
        elif done:
            RawEvent.objects.filter(pk__in=done).update(
                processed_at=finished, attempts=F("attempts") + 1
            )
        for event in events:
            if event.pk in unusable:
                RawEvent.objects.filter(pk=event.pk).update(
                    processed_at=finished, attempts=F("attempts") + 1, error=event.error
                )
    return len(events)


# Statements the inbound loop runs this many times on one connection are prepared.
PREPARE_AFTER = 2


def _inbound_session(session):
    """PostgreSQL: set up the inbound loop's own connection once (`session`: the last one).

    Its commits no longer wait for the WAL to reach the disk (2 workers drained 332
    events/s, 389 without the wait). The raw events it reads were stored by the webhook
    with a normal, durable commit: if PostgreSQL crashes within the fraction of a second
    before the WAL writer flushes, the last batches are undone whole (the Message rows and
    the processed mark together) and their raw events are claimed again: nothing lost,
    stored once (insert_once). A send such a batch queued is marked sent by the task
    loop's normal commit, which flushes the WAL up to it, batch included.

    Its statements are bound and prepared on the server: an event runs the same ten or so
    every time, and parsing and planning them was 40 % of the database's CPU per event
    (2.1–2.5 ms, 1.2–1.5 prepared; 2 workers drained 517–676 events/s, 396–426 not
    prepared). Only here: the pages' searches need a plan made for
    their words (a common word walks an index, a rare one reads the trigram index), and a
    connection pooler in transaction mode loses prepared statements between transactions
    (PASSERELLE_INBOUND_PREPARE=0 turns this off for such a set-up).
    """
    if connection.vendor != "postgresql" or connection.connection is session:
        return session
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    if settings.INBOUND_PREPARE:
        from django.db.backends.postgresql.base import ServerBindingCursor

        connection.connection.cursor_factory = ServerBindingCursor
        connection.connection.prepare_threshold = PREPARE_AFTER
    return connection.connection


def raw_events_work(*, stop: threading.Event, interval: float, limit: int | None = None):
    """The worker's inbound loop: claim batches until `stop` is set (SIGTERM)."""
    session = None
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                session = _inbound_session(session)
                claimed = raw_events_claim(limit=limit)
            except OperationalError as exc:
                # The database restarting, or SQLite's lock past its busy timeout: the
                # batch rolled back whole, its events are still due.
                log.warning("claiming raw events failed: %s", exc)
                claimed = 0
            except Exception:
                log.exception("claiming raw events failed")
                claimed = 0
            if not claimed:
                stop.wait(interval)
    finally:
        connection.close()


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
