"""Sender loops: who sends a channel's queued rows, in order, as fast as its limits allow.

A loop (`channel_pump`, run as the pump_channel task) sends the channel's due rows by
priority then age, each through sending._attempt (limiter, claim, call, record). At most
settings.SEND_LANES loops work on one channel at once, each holding a SendLane that it
renews while it runs. A loop that must wait gives its worker back and schedules its
successor for the moment it may go on, so a throttled channel never holds a worker that
another channel or an inbound webhook needs — except lane 0, the pacer, which sleeps
through waits shorter than a window so the channel uses every moment its limit allows,
and yields its worker every RUN_SECONDS.
"""

import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from passerelle.channels.models import Channel, OutboundMessage, SendLane
from passerelle.channels.sending import State, _attempt, _due

# A loop gives its worker back after this long, so other tasks get their turn.
RUN_SECONDS = 10.0
# A running loop renews its lane every RENEW_EVERY seconds; one whose worker was killed
# frees its lane LANE_HOLD after its last renewal.
LANE_HOLD = timedelta(seconds=4)
RENEW_EVERY = 0.5
BATCH = 50
# A loop schedules its own successor for waits up to this; longer ones are the sweep's.
WAKE_HORIZON = timedelta(seconds=90)
# Lane 0 (the pacer) sleeps through channel-wide waits up to this long (a per-second
# limit's whole window) instead of handing over: a successor would start up to a poll
# interval late, and a late start wastes that much of every window.
PACER_SLEEP = 1.5


def _lane_take(channel_id: int, lane: int | None, generation: int | None):
    """(lane, generation) now held by this loop, or None when it should not run."""
    now = timezone.now()
    free = Q(held_until__isnull=True) | Q(held_until__lt=now)
    lanes = SendLane.objects.filter(free, channel_id=channel_id)
    if lane is not None:
        # A successor: only if nobody took its lane since it was scheduled.
        taken = lanes.filter(lane=lane, generation=generation).update(
            held_until=now + LANE_HOLD, generation=generation + 1
        )
        return (lane, generation + 1) if taken else None
    for _round in range(2):
        # Lane 0 first: its loop is the pacer (see _run).
        free_lanes = lanes.filter(lane__lt=settings.SEND_LANES).order_by("lane")
        for free_lane in free_lanes.values("lane", "generation"):
            number, seen = free_lane["lane"], free_lane["generation"]
            if lanes.filter(lane=number, generation=seen).update(
                held_until=now + LANE_HOLD, generation=seen + 1
            ):
                return number, seen + 1
        if SendLane.objects.filter(channel_id=channel_id).count() >= settings.SEND_LANES:
            return None
        SendLane.objects.bulk_create(
            [SendLane(channel_id=channel_id, lane=n) for n in range(settings.SEND_LANES)],
            ignore_conflicts=True,
        )
    return None


def _schedule(channel_id: int, lane: int, generation: int, wake: datetime) -> None:
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
    from passerelle.channels.tasks import pump_channel

    if not pump_channel.get_backend().supports_defer:
        return  # inline tasks (tests) would recurse; the sweep picks the rows up
    task = pump_channel.using(run_after=wake) if wake > timezone.now() else pump_channel
    task.enqueue(channel_id, lane, generation)


class _LaneLost(Exception):
    """Another loop took this lane (this one stalled past LANE_HOLD): stop quietly."""


def _holder(channel_id: int, lane: int, generation: int):
    last = time.monotonic()

    def renew() -> None:
        nonlocal last
        if time.monotonic() - last < RENEW_EVERY:
            return
        last = time.monotonic()
        held = SendLane.objects.filter(channel_id=channel_id, lane=lane, generation=generation)
        if not held.update(held_until=timezone.now() + LANE_HOLD):
            raise _LaneLost

    return renew


def _run(channel, pacer: bool, renew) -> datetime | None:
    """Send due rows until none is left (None) or it must wait (when to go on).

    A limit seen on rows of two different recipients is the channel's own (per bot, per
    number): when it has no room, the whole channel waits. The pacer lane sleeps through
    such short waits so the channel uses every moment its limit allows; the other lanes
    give their worker back. A limit of one recipient (per chat) only holds that row.
    """
    deadline = time.monotonic() + RUN_SECONDS
    channel_type = channel.channel_type
    blocked: dict[str, float] = {}
    first_recipient: dict[str, str] = {}
    shared: set[str] = set()
    platform_waits: list[float] = []
    while time.monotonic() < deadline:
        batch = list(
            OutboundMessage.objects.filter(_due(timezone.now()), channel=channel).order_by(
                "priority", "pk"
            )[:BATCH]
        )
        progressed = False
        for row in batch:
            renew()
            limits = channel_type.rate_limits(channel, row.request())
            for limit in limits:
                if first_recipient.setdefault(limit.key, row.recipient) != row.recipient:
                    shared.add(limit.key)
            now = time.time()
            channel_wait = max(
                (blocked.get(limit.key, 0) for limit in limits if limit.key in shared), default=0
            )
            if channel_wait > now:
                if not pacer or channel_wait - now > PACER_SLEEP:
                    return datetime.fromtimestamp(channel_wait, UTC)
                if time.monotonic() + (channel_wait - now) >= deadline:
                    return datetime.fromtimestamp(channel_wait, UTC)
                time.sleep(channel_wait - now)
                renew()
            elif any(blocked.get(limit.key, 0) > now for limit in limits):
                continue  # this person's own limit: the next row may go
            attempt = _attempt(row.pk, channel, limits)
            if attempt.outcome == "throttled":
                blocked.update(dict.fromkeys(attempt.blocked, attempt.retry_at))
                continue
            if attempt.outcome == "skipped":
                continue  # another loop has it
            progressed = True
            if attempt.platform_wait:
                platform_waits.append(attempt.platform_wait)
            else:
                platform_waits.clear()
            if len(platform_waits) >= 2:
                # Twice in a row the platform said "slow down": the whole account waits.
                return timezone.now() + timedelta(seconds=max(platform_waits))
            if time.monotonic() >= deadline:
                break
        if not progressed:
            waits = [at for at in blocked.values() if at > time.time()]
            if waits:
                return datetime.fromtimestamp(min(waits), UTC)
            if len(batch) < BATCH:
                return None
    return timezone.now()


def _next_wake(channel) -> datetime | None:
    now = timezone.now()
    queued = OutboundMessage.objects.filter(channel=channel, state=State.QUEUED)
    if queued.filter(_due(now)).exists():
        return now
    soonest = (
        queued.filter(next_attempt_at__lte=now + WAKE_HORIZON)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return soonest


def channel_pump(channel_id: int, lane: int | None = None, generation: int | None = None) -> str:
    """One run of a channel's sender loop; schedules its successor when work remains."""
    channel = Channel.objects.filter(pk=channel_id, is_active=True).first()
    if channel is None:
        return "inactive"
    held = _lane_take(channel_id, lane, generation)
    if held is None:
        return "busy"  # the loops already running will see this channel's rows
    lane, generation = held
    try:
        wake = _run(channel, pacer=lane == 0, renew=_holder(channel_id, lane, generation))
    except _LaneLost:
        return "lost"
    finally:
        SendLane.objects.filter(channel_id=channel_id, lane=lane, generation=generation).update(
            held_until=None
        )
    if wake is not None and lane != 0 and _pacer_running(channel_id):
        # The channel is waiting for its limit and the pacer is on it: more loops would
        # only take turns asking. The sweep starts this lane again if the pacer dies.
        return "done"
    # Checked after letting the lane go: a row queued meanwhile found the lane taken and
    # counted on this loop, so it must be seen here.
    wake = wake or _next_wake(channel)
    if wake is not None:
        _schedule(channel_id, lane, generation, wake)
    return "done"


def _pacer_running(channel_id: int) -> bool:
    # Renewed within the last three renewal periods: a pacer whose worker was killed stops
    # counting long before its lane frees itself.
    fresh = timezone.now() + LANE_HOLD - timedelta(seconds=3 * RENEW_EVERY)
    return SendLane.objects.filter(channel_id=channel_id, lane=0, held_until__gt=fresh).exists()


def outbound_wake(outbound_id: int) -> str:
    """Run the sender loop of the channel this row is on (a task queued for one row)."""
    channel_id = (
        OutboundMessage.objects.filter(pk=outbound_id).values_list("channel_id", flat=True).first()
    )
    return channel_pump(channel_id) if channel_id else "skipped"
