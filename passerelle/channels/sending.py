"""Outbound pipeline: one row per recipient, sent by per-channel sender loops.

A row goes queued → sending → sent, then delivered / read when the platform reports it,
or failed (a permanent error, or MAX_ATTEMPTS used up) with the reason the moderator sees.

Each send first asks the shared limiter (channels.ratelimit) for every limit its channel
type declares; a send without room stays queued with `next_attempt_at` = when there will
be room, and that wait is not an attempt. Throttling and server errors retry with
exponential backoff and jitter, never sooner than the platform's retry-after.

Who sends: the channel's sender loops (channels.pump), in order of priority then age.
The scheduler's sweep here wakes them (a worker died, a retry came due) and rescues sends
a dead worker left "sending".
"""

import logging
import random
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels import ratelimit
from passerelle.channels.contacts import contact_for, contact_stop
from passerelle.channels.http import sending_row
from passerelle.channels.models import ChannelLog, OutboundMessage, SendLane
from passerelle.channels.types.base import OutboundRequest, SendError
from passerelle.common.memo import defer

log = logging.getLogger(__name__)

State = OutboundMessage.State
MAX_ATTEMPTS = 8
# Platform actions (channels.actions) share this rescue delay.
SENDING_TIMEOUT = timedelta(minutes=2)


class _Wake:
    """Wake one channel's sender loop (run after commit)."""

    def __init__(self, channel_id: int):
        self.channel_id, self.done = channel_id, False

    def __call__(self) -> None:
        # Here, not at the top: channels.tasks imports this module (its tasks wrap these).
        from passerelle.channels.tasks import pump_channel

        self.done = True
        pump_channel.enqueue(self.channel_id)


def _wake_after_commit(channel_ids, loops: int = 1) -> None:
    for channel_id in sorted(set(channel_ids)):
        if loops == 1 and _wake_pending(channel_id):
            continue
        for _lane in range(loops):
            transaction.on_commit(_Wake(channel_id))


def _wake_pending(channel_id) -> bool:
    # One wake per channel per transaction is enough (a sender loop sends every queued
    # row): an event that queues three texts writes one task row, not three. A wake still
    # registered is one whose savepoints were released or are still open around us: any
    # rollback that would drop it drops what we queue now too. Only one not run yet counts
    # (tests run callbacks before the end of the transaction).
    return any(
        isinstance(callback, _Wake) and callback.channel_id == channel_id and not callback.done
        for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
    )


def _row(org_id, source_id, channel, request: OutboundRequest, priority) -> OutboundMessage:
    return OutboundMessage(
        org_id=org_id,
        channel=channel,
        source_id=source_id,
        recipient=str(request.recipient)[:200],
        text=request.text,
        reply_to_platform_id=request.reply_to_platform_id[:200],
        media=request.media,
        template=request.template,
        automated=request.automated,
        priority=priority,
    )


def outbound_queue(
    *,
    org_id: int,
    source_id: int | None,
    sends,
    priority=OutboundMessage.Priority.CONVERSATION,
    new_source: bool = False,
) -> list[OutboundMessage]:
    """Queue (channel, OutboundRequest) pairs once each, and wake the senders after commit.

    Queuing the same source to the same recipient again adds nothing. `new_source` says
    the source was created in this transaction (nothing can be queued for it yet): its
    sends go in one insert, without looking for earlier ones.
    """
    rows = []
    for channel, request in sends:
        if channel.org_id != org_id:
            raise ValueError("the send and its channel belong to different organizations")
        rows.append(_row(org_id, source_id, channel, request, priority))
    if new_source:
        rows = list({(r.channel_id, r.recipient): r for r in rows}.values())
        # In one inbound event, every text it sends is queued in one insert at its end.
        if not defer("outbound_rows", rows, _rows_insert):
            OutboundMessage.objects.bulk_create(rows)
    else:
        for index, row in enumerate(rows):
            found = OutboundMessage.objects.filter(
                source_id=source_id, channel_id=row.channel_id, recipient=row.recipient
            ).first()
            if found is None:
                row.save()
            rows[index] = found or row
    _wake_after_commit(row.channel_id for row in rows)
    return rows


def _rows_insert(batches) -> None:
    OutboundMessage.objects.bulk_create([row for rows in batches for row in rows])


def outbound_queue_bulk(
    *, org_id: int, sends, priority=OutboundMessage.Priority.CONVERSATION
) -> int:
    """Queue (source_id, channel, OutboundRequest) triples in one bulk insert (a sweep's sends).

    Each source goes once to each recipient (queuing again adds nothing); the senders of the
    channels involved are woken once each after commit. Returns how many sends were given.
    """
    rows = []
    for source_id, channel, request in sends:
        if channel.org_id != org_id:
            raise ValueError("the send and its channel belong to different organizations")
        rows.append(_row(org_id, source_id, channel, request, priority))
    for start in range(0, len(rows), 1000):
        OutboundMessage.objects.bulk_create(rows[start : start + 1000], ignore_conflicts=True)
    _wake_after_commit(row.channel_id for row in rows)
    return len(rows)


def outbound_queue_many(
    *,
    org_id: int,
    source_id: int,
    channel,
    request: OutboundRequest,
    recipients,
    priority=OutboundMessage.Priority.BULK,
) -> int:
    """Queue one request to many recipients of one channel (a broadcast), once each.

    `request.recipient` is ignored. Returns how many rows the source now has on the
    channel; queuing again adds nothing.
    """
    if org_id != channel.org_id:
        raise ValueError("the send and its channel belong to different organizations")
    with transaction.atomic():
        for start in range(0, len(recipients := list(dict.fromkeys(recipients))), 1000):
            OutboundMessage.objects.bulk_create(
                [
                    _row(org_id, source_id, channel, replace(request, recipient=r), priority)
                    for r in recipients[start : start + 1000]
                ],
                ignore_conflicts=True,
            )
        _wake_after_commit([channel.pk], loops=settings.SEND_LANES)
    return OutboundMessage.objects.filter(source_id=source_id, channel=channel).count()


def _backoff(attempts: int, retry_after: float | None) -> timedelta:
    # Exponential with jitter so a platform outage does not get a synchronised stampede.
    base = min(2**attempts, 600) * (0.5 + random.random())
    return timedelta(seconds=max(base, retry_after or 0))


# Still on its way: an earlier send to the same chat in one of these states holds the later
# ones back (a failed one, permanent or out of attempts, no longer does).
PENDING = (State.QUEUED, State.SENDING)


def _earlier_pending_to_same_chat() -> Exists:
    # One chat is one channel + one recipient address; queue order is the row id.
    return Exists(
        OutboundMessage.objects.filter(
            channel_id=OuterRef("channel_id"),
            recipient=OuterRef("recipient"),
            pk__lt=OuterRef("pk"),
            state__in=PENDING,
        )
    )


def _due(now) -> Q:
    """Queued, its time come, and nothing queued before it to the same chat still pending.

    The last part keeps each chat in queue order across retries (429, 5xx, maybe sent) and
    across workers: the claim re-checks it while holding the row, and an earlier row is
    queued or sending in every state it passes through until it is sent or fails.
    """
    return (
        Q(state=State.QUEUED)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & ~_earlier_pending_to_same_chat()
    )


@dataclass
class Attempt:
    outcome: str  # "sent", "queued" (retry later), "failed", "throttled", "skipped"
    retry_at: float | None = None  # throttled: when the limiter will have room (epoch)
    blocked: tuple[str, ...] = ()  # throttled: the limits without room
    platform_wait: float | None = None  # the platform itself said "retry after"


def _claim(row_id: int, channel, limits, now: datetime | None):
    """Lock a due row, take room in its limits, mark it sending — all or nothing.

    Returns (row, None, token) — the token names the limiter's pending use, which the
    sender settles once the platform answered — or (None, Attempt, "").
    `now` fixes the clock (tests); by default the limiter reads it once it holds its rows.
    """
    due_at = now or timezone.now()
    with transaction.atomic():
        row = (
            OutboundMessage.objects.select_for_update(skip_locked=True)
            .filter(_due(due_at), pk=row_id)
            .first()
        )
        if row is None:
            return None, Attempt("skipped"), ""
        decision = ratelimit.acquire(limits, now=now.timestamp() if now else None)
        if not decision.allowed:
            retry = datetime.fromtimestamp(decision.retry_at, UTC)
            OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=retry)
            return None, Attempt("throttled", decision.retry_at, decision.blocked), ""
        claimed_at = now or timezone.now()
        OutboundMessage.objects.filter(pk=row.pk).update(
            state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=claimed_at
        )
        row.state, row.attempts, row.next_attempt_at = State.SENDING, row.attempts + 1, claimed_at
    return row, None, decision.token


def _refusal(channel, recipient: str) -> SendError | None:
    # The pipeline's own rules, before any platform call: an opted-out number (carrier
    # rules) or a person who blocked us gets nothing, whoever queued the send.
    # (Platform windows are the adapter's to refuse: a template may still go outside one.)
    contact = contact_for(channel, recipient)
    if contact.stopped_at is not None:
        return SendError(f"stopped: {contact.stopped_reason}", permanent=True)
    if contact.opted_out_at is not None and channel.channel_type.honours_opt_out:
        reason = channel.channel_type.reply_block_reason(channel, contact, timezone.now())
        return SendError(reason or "opted out", permanent=True)
    return None


def _attempt(row_id: int, channel, limits, now: datetime | None = None) -> Attempt:
    """Claim one row and, when the limits allow, send it and record what happened."""
    row, refused, token = _claim(row_id, channel, limits, now)
    if refused is not None:
        return refused
    row.channel = channel
    if (error := _refusal(channel, row.recipient)) is not None:
        ratelimit.settle(limits, token, at=None)  # nothing was sent: the room is given back
        return _failed(row, error, limits)
    error = None
    try:
        with sending_row(row.pk):
            result = channel.channel_type.send(channel, row.request())
    except SendError as exc:
        error = exc
    except Exception as exc:  # a bug in a channel type must not kill the sender loop
        log.exception("outbound %s: unexpected error in %s.send", row.pk, channel.type)
        error = SendError(f"internal error: {type(exc).__name__}: {exc}")
    # A refused or failed call may still have reached the platform: it counts too.
    answered_at = now.timestamp() if now else time.time()  # tests fix the clock
    if error is not None:
        ratelimit.settle(limits, token, at=answered_at)
        return _failed(row, error, limits)
    with transaction.atomic():
        ratelimit.settle(limits, token, at=answered_at)
        _sent(row.pk, result.platform_message_id)
    return Attempt("sent")


def _sent(row_id: int, platform_message_id: str) -> None:
    # A delivery report may already have moved the row on; never move it back to "sent".
    OutboundMessage.objects.filter(pk=row_id).update(
        state=Case(When(state=State.SENDING, then=Value(State.SENT)), default=F("state")),
        sent_at=timezone.now(),
        platform_message_id=platform_message_id[:200],
        error="",
    )


def _failed(row, exc: SendError, limits) -> Attempt:
    now = timezone.now()
    if exc.contact_stopped:
        contact_stop(channel=row.channel, address=row.recipient, reason=str(exc))
    changes = {"error": str(exc)[:2000]}
    if exc.maybe_sent:
        return _maybe_sent(row, exc, changes, now)
    if exc.permanent or row.attempts >= MAX_ATTEMPTS:
        changes["state"] = State.FAILED
        log.warning("outbound %s failed for good: %s", row.pk, exc)
    else:
        changes["state"] = State.QUEUED
        changes["next_attempt_at"] = now + _backoff(row.attempts, exc.retry_after)
        log.info("outbound %s will retry at %s: %s", row.pk, changes["next_attempt_at"], exc)
    if exc.retry_after:
        # The platform is throttling this account: nobody on these limits goes before then.
        ratelimit.penalize(limits, until=now.timestamp() + exc.retry_after)
    OutboundMessage.objects.filter(pk=row.pk, state=State.SENDING).update(**changes)
    return Attempt(changes["state"], platform_wait=exc.retry_after)


def _maybe_sent(row, exc: SendError, changes: dict, now) -> Attempt:
    # The member may already have it: one more try, later (a slow platform often recovers),
    # then give up and say so; never a loop that sends it three times.
    if row.maybe_sent_at is None:
        changes.update(
            state=State.QUEUED,
            maybe_sent_at=now,
            next_attempt_at=now + timedelta(seconds=settings.MAYBE_SENT_RETRY_SECONDS),
        )
        log.warning("outbound %s may have been sent (no answer); one retry later", row.pk)
    else:
        changes.update(
            state=State.FAILED,
            error=_("No answer from the platform, twice: it may have been delivered. %(e)s")
            % {"e": exc},
        )
        log.warning("outbound %s: no answer twice, not retried: %s", row.pk, exc)
    OutboundMessage.objects.filter(pk=row.pk, state=State.SENDING).update(**changes)
    return Attempt(changes["state"])


def outbound_send(outbound_id: int, *, now: datetime | None = None) -> str:
    """Send one row if it is due and its limits allow; returns how that ended.

    "sent", "queued" (will retry), "failed", "throttled" (no room yet: `next_attempt_at`
    says when) or "skipped" (not due, or another worker has it).
    """
    row = OutboundMessage.objects.select_related("channel").filter(pk=outbound_id).first()
    if row is None:
        return "skipped"
    limits = row.channel.channel_type.rate_limits(row.channel, row.request())
    return _attempt(row.pk, row.channel, limits, now).outcome


# -- the scheduler's sweep -----------------------------------------------------------------


def _rescue(row, channel, now: datetime) -> str:
    """A row left "sending" by a dead worker: sent if the platform said so, else again."""
    answered = (
        ChannelLog.objects.filter(
            outbound_id=row.pk,
            created_at__gte=row.next_attempt_at,
            status_code__gte=200,
            status_code__lt=300,
        )
        .order_by("-pk")
        .first()
    )
    if answered is not None:
        # The call went through before the worker died: recording it beats sending twice.
        result = channel.channel_type.result_from_log(channel, answered)
        OutboundMessage.objects.filter(pk=row.pk, state=State.SENDING).update(
            state=State.SENT,
            sent_at=answered.created_at,
            platform_message_id=result.platform_message_id[:200],
            error="",
        )
        return "sent"
    OutboundMessage.objects.filter(pk=row.pk, state=State.SENDING).update(
        state=State.QUEUED, next_attempt_at=now
    )
    return "queued"


def due_outbound_requeue(now: datetime | None = None) -> int:
    """Rescue sends a dead worker left behind; wake loops of channels with due rows."""
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
    from passerelle.channels.tasks import pump_channel

    now = now or timezone.now()
    timeout = timedelta(seconds=settings.SENDING_TIMEOUT_SECONDS)
    stuck = OutboundMessage.objects.filter(
        state=State.SENDING, next_attempt_at__lt=now - timeout
    ).select_related("channel")
    for row in stuck[:1000]:
        log.warning(
            "outbound %s: rescued from a stopped worker (%s)",
            row.pk,
            _rescue(row, row.channel, now),
        )
    channel_ids = (
        OutboundMessage.objects.filter(_due(now), channel__is_active=True)
        .values_list("channel_id", flat=True)
        .distinct()
    )
    count = 0
    for channel_id in sorted(set(channel_ids)):
        lanes = SendLane.objects.filter(channel_id=channel_id)
        has_free = lanes.filter(Q(held_until__isnull=True) | Q(held_until__lt=now)).exists()
        if has_free or lanes.count() < settings.SEND_LANES:
            pump_channel.enqueue(channel_id)
            count += 1
    return count
