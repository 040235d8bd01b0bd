"""Platform rate limits shared by every worker: sliding windows in the database or Redis.

A send asks for every RateLimit its channel type declares (per bot, per chat, per
group…) at once: either all of them have room and each records the use, or none records
anything and the answer says when to ask again. A window keeps the times of its last
uses, so it is exact (a token bucket would let a burst through at a window's edge).

A use is first *pending* (the request is on its way) and counts in full until the sender
settles it with the moment the platform answered. The platform counted the request when
it arrived, which is before that answer: timing each use by the answer can only be late,
so however long a busy worker takes between asking here and its request leaving, the
platform never sees more than the limit in one of its windows. Pending uses a killed
worker never settled stop counting after _pending_hold(). settings.RATE_LIMIT_MARGIN
stretches every period a little further, for platforms whose windows are not exact.

Where: the RateBucket table, one row per key, locked with SELECT … FOR UPDATE (rows
locked in key order so two sends never deadlock; SQLite's IMMEDIATE transactions
serialise writers anyway) — or Redis when PASSERELLE_REDIS_URL is set, one sorted set
per key updated by a Lua script. Never process memory: workers are separate processes.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from passerelle.channels.models import RateBucket
from passerelle.channels.types.base import RateLimit


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_at: float  # epoch seconds: now when allowed, else when to ask again
    blocked: tuple[str, ...] = ()  # the keys that had no room
    token: str = ""  # allowed: names the pending use, for settle()


def _pending_hold() -> float:
    # A pending use stops counting this long after it was taken (its worker was killed):
    # longer than any platform call may last, which the read timeout bounds.
    return settings.PLATFORM_READ_TIMEOUT + 30.0


def _merged(limits: list[RateLimit]) -> list[RateLimit]:
    # The same key twice in one send counts twice against that one window.
    by_key: dict[str, RateLimit] = {}
    for limit in limits:
        if limit.key in by_key:
            seen = by_key[limit.key]
            limit = RateLimit(limit.key, seen.limit, seen.period, seen.cost + limit.cost)
        by_key[limit.key] = limit
    return [by_key[key] for key in sorted(by_key)]


def _period(limit: RateLimit) -> float:
    return limit.period * (1 + settings.RATE_LIMIT_MARGIN)


def _window_wait(hits: list[float], limit: RateLimit, now: float, pending: int = 0) -> float | None:
    """None when `limit` has room for its cost at `now`, else when it will have.

    `pending` uses are not answered yet: they will be settled at `now` or later, so they
    leave the window a period from now at the earliest.
    """
    period = _period(limit)
    recent = sorted(t for t in hits if t > now - period) + [now] * pending
    over = len(recent) + limit.cost - limit.limit
    if over <= 0:
        return None
    if limit.cost > limit.limit:
        # One send bigger than the whole window (a long SMS): it goes when the window is empty.
        return recent[-1] + period if recent else None
    return recent[over - 1] + period


def _kept(hits: list[float], limit: RateLimit, now: float) -> list[float]:
    recent = sorted(t for t in hits if t > now - _period(limit))
    return (recent + [now] * limit.cost)[-max(limit.limit, limit.cost) :]


def _live(pending: list, now: float) -> list:
    """The pending uses still counting: [token, taken_at, cost] entries."""
    return [entry for entry in pending if entry[1] > now - _pending_hold()]


class DatabaseLimiter:
    """Windows in RateBucket rows; safe inside the caller's transaction (a savepoint)."""

    def acquire(self, limits: list[RateLimit], now: float | None) -> Decision:
        limits = _merged(limits)
        if not limits:
            return Decision(True, time.time() if now is None else now)
        keys = [limit.key for limit in limits]
        with transaction.atomic():
            buckets = self._locked(keys)
            # Read the clock once the rows are ours: time spent waiting for another
            # worker's lock must not count as time already passed for this send.
            now = time.time() if now is None else now
            live = {key: _live(buckets[key].pending, now) for key in keys}
            waits = {}
            for limit in limits:
                pending = sum(entry[2] for entry in live[limit.key])
                wait = _window_wait(buckets[limit.key].hits, limit, now, pending)
                if wait is not None:
                    waits[limit.key] = wait
            if waits:
                return Decision(False, max(waits.values()), tuple(sorted(waits)))
            token = uuid.uuid4().hex
            for limit in limits:
                bucket = buckets[limit.key]
                recent = [t for t in bucket.hits if t > now - _period(limit)]
                bucket.hits = recent[-max(limit.limit, limit.cost) :]
                bucket.pending = [*live[limit.key], [token, now, limit.cost]]
            self._save(buckets.values())
        return Decision(True, now, token=token)

    def settle(self, limits: list[RateLimit], token: str, at: float | None) -> None:
        limits = _merged(limits)
        if not limits:
            return
        with transaction.atomic():
            buckets = self._locked([limit.key for limit in limits])
            for limit in limits:
                bucket = buckets[limit.key]
                bucket.pending = [entry for entry in bucket.pending if entry[0] != token]
                if at is not None:
                    bucket.hits = _kept(bucket.hits, limit, at)
            self._save(buckets.values())

    def penalize(self, limits: list[RateLimit], until: float) -> None:
        """The platform said "wait": fill the windows so nobody asks before `until`."""
        limits = _merged(limits)
        with transaction.atomic():
            buckets = self._locked([limit.key for limit in limits])
            for limit in limits:
                bucket = buckets[limit.key]
                bucket.hits = [until - _period(limit)] * limit.limit
                bucket.save(update_fields=["hits", "updated_at"])

    @staticmethod
    def _save(buckets) -> None:
        # One UPDATE for all of a send's windows (bulk_update does not touch auto_now).
        now = timezone.now()
        for bucket in buckets:
            bucket.updated_at = now
        RateBucket.objects.bulk_update(buckets, ["hits", "pending", "updated_at"])

    def _locked(self, keys: list[str]) -> dict[str, RateBucket]:
        rows = RateBucket.objects.select_for_update().filter(key__in=keys).order_by("key")
        buckets = {bucket.key: bucket for bucket in rows}
        if len(buckets) < len(keys):
            # First use of a key: create it (a concurrent creator is fine), then lock again.
            RateBucket.objects.bulk_create(
                [RateBucket(key=key) for key in keys if key not in buckets],
                ignore_conflicts=True,
            )
            buckets = {bucket.key: bucket for bucket in rows.all()}
        return buckets


# KEYS: for each limit its window key, then its pending key. ARGV: now, the use's token,
# the pending hold, then limit, period, cost for each limit.
# Returns {1} when allowed (pending uses recorded), else {0, retry_at, blocked indexes…}.
_ACQUIRE = """
local now, token, hold = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local waits, worst = {}, 0
for i = 1, #KEYS / 2 do
  local key, pending = KEYS[2*i-1], KEYS[2*i]
  local limit, period, cost = tonumber(ARGV[3*i+1]), tonumber(ARGV[3*i+2]), tonumber(ARGV[3*i+3])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
  redis.call('ZREMRANGEBYSCORE', pending, '-inf', now - hold)
  local settled = redis.call('ZCARD', key)
  local count = settled + redis.call('ZCARD', pending)
  local over = count + cost - limit
  -- A send bigger than the whole window (a long SMS) goes when the window is empty.
  if over > 0 and not (cost > limit and count == 0) then
    local index = over - 1
    if cost > limit then index = count - 1 end
    -- Pending uses are settled at now or later: they sort after every settled one.
    local wait = now + period
    if index < settled then
      local at = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
      wait = tonumber(at[2]) + period
    end
    table.insert(waits, i)
    if wait > worst then worst = wait end
  end
end
if #waits > 0 then
  local answer = {0, tostring(worst)}
  for _, i in ipairs(waits) do table.insert(answer, i) end
  return answer
end
for i = 1, #KEYS / 2 do
  local pending, cost = KEYS[2*i], tonumber(ARGV[3*i+3])
  for c = 1, cost do redis.call('ZADD', pending, now, token .. ':' .. c) end
  redis.call('PEXPIRE', pending, math.ceil(hold * 1000) + 1000)
end
return {1}
"""
# KEYS: window key, pending key for each limit. ARGV: at (or '' to only forget the use),
# the token, then period, cost for each limit.
_SETTLE = """
local at, token = ARGV[1], ARGV[2]
for i = 1, #KEYS / 2 do
  local key, pending = KEYS[2*i-1], KEYS[2*i]
  local period, cost = tonumber(ARGV[2*i+1]), tonumber(ARGV[2*i+2])
  for c = 1, cost do
    redis.call('ZREM', pending, token .. ':' .. c)
    if at ~= '' then redis.call('ZADD', key, tonumber(at), token .. ':' .. c) end
  end
  if at ~= '' then redis.call('PEXPIRE', key, math.ceil(period * 1000) + 1000) end
end
return 1
"""
# KEYS: the window keys. ARGV: until, now, a unique id, then limit, period for each key.
_PENALIZE = """
local till, now = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local limit, period = tonumber(ARGV[2*i+2]), tonumber(ARGV[2*i+3])
  redis.call('DEL', key)
  for n = 1, limit do redis.call('ZADD', key, till - period, ARGV[3] .. ':' .. n) end
  redis.call('PEXPIRE', key, math.ceil(math.max(till - now + period, period) * 1000) + 1000)
end
return 1
"""


class RedisLimiter:
    """The same windows as sorted sets in Redis, each decision one atomic Lua script."""

    prefix = "passerelle:rate:"

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self._acquire = self.client.register_script(_ACQUIRE)
        self._settle = self.client.register_script(_SETTLE)
        self._penalize = self.client.register_script(_PENALIZE)

    def _keys(self, limits: list[RateLimit]) -> list[str]:
        keys = []
        for limit in limits:
            keys += [self.prefix + limit.key, self.prefix + limit.key + ":pending"]
        return keys

    def acquire(self, limits: list[RateLimit], now: float | None) -> Decision:
        limits = _merged(limits)
        now = time.time() if now is None else now
        if not limits:
            return Decision(True, now)
        token = uuid.uuid4().hex
        args: list = [repr(now), token, repr(_pending_hold())]
        for limit in limits:
            args += [limit.limit, _period(limit), limit.cost]
        answer = self._acquire(keys=self._keys(limits), args=args)
        if int(answer[0]) == 1:
            return Decision(True, now, token=token)
        blocked = tuple(limits[int(i) - 1].key for i in answer[2:])
        return Decision(False, float(answer[1]), blocked)

    def settle(self, limits: list[RateLimit], token: str, at: float | None) -> None:
        limits = _merged(limits)
        if not limits:
            return
        args: list = ["" if at is None else repr(at), token]
        for limit in limits:
            args += [_period(limit), limit.cost]
        self._settle(keys=self._keys(limits), args=args)

    def penalize(self, limits: list[RateLimit], until: float) -> None:
        limits = _merged(limits)
        if not limits:
            return
        args: list = [repr(until), repr(time.time()), uuid.uuid4().hex]
        for limit in limits:
            args += [limit.limit, _period(limit)]
        self._penalize(keys=[self.prefix + limit.key for limit in limits], args=args)


@lru_cache(maxsize=4)
def _redis(url: str) -> RedisLimiter:
    return RedisLimiter(url)


def limiter() -> DatabaseLimiter | RedisLimiter:
    """The limiter every worker shares, as configured."""
    if settings.REDIS_URL:
        return _redis(settings.REDIS_URL)
    return DatabaseLimiter()


def acquire(limits: list[RateLimit], *, now: float | None = None) -> Decision:
    """Take room in every limit at once, or none and say when to ask again."""
    if not settings.RATE_LIMITS:
        return Decision(True, time.time() if now is None else now)
    return limiter().acquire(limits, now)


def settle(limits: list[RateLimit], token: str, *, at: float | None) -> None:
    """The platform answered the use `token` names at `at` (epoch seconds): from now on it
    counts from then. `at=None`: no request was made after all, the use is forgotten."""
    if settings.RATE_LIMITS and token:
        limiter().settle(limits, token, at)


def penalize(limits: list[RateLimit], *, until: float) -> None:
    """Block these limits until `until` (the platform answered 429 retry-after)."""
    if settings.RATE_LIMITS:
        limiter().penalize(limits, until)


# Longer than any platform window: a bucket untouched this long holds nothing that counts.
STALE_AFTER = timedelta(hours=1)


def stale_buckets_delete() -> int:
    """Drop windows nobody used for an hour (a broadcast leaves one per recipient)."""
    deleted, _by_model = RateBucket.objects.filter(
        updated_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    return deleted
