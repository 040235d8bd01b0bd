"""Service standards: when must a question be answered?

A service standard promises an answer within ``target_hours``, counted in one of two ways:

``business_hours``
    Only open time counts. With opening hours 9:00-17:00 Monday to Friday, 24 business hours
    are three working days: a question received Monday 9:00 is due Wednesday 17:00. A question
    received while closed starts counting at the next opening.

``business_days``
    The clock starts when the question arrives if the service is open then, otherwise at the
    next opening ("received after 17:00 on Friday, on Saturday or on Sunday: the clock starts
    Monday at 9:00"). It then runs 24 hours per business day, skipping days without any opening
    (weekends, statutory holidays, the service's closure days): ``target_hours // 24`` business
    days later, at the same local wall-clock time, plus ``target_hours % 24`` wall-clock hours.
    The due time may fall outside opening hours; it is not moved.

Opening periods belong to the day they start on: ``(22:00, 02:00)`` on Monday runs from Monday
22:00 to Tuesday 02:00, and a holiday or closure day has no period starting on it (a period
started the evening before still runs into it). All arithmetic is done on local wall-clock
time with ``zoneinfo``; elapsed open time is real time. A nonexistent local time (spring
forward) is moved forward; an ambiguous one (fall back) is the first occurrence.

This module must not import Django: models adapt to it through an ``as_spec()`` method.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

BUSINESS_HOURS = "business_hours"
BUSINESS_DAYS = "business_days"
COUNTINGS = (BUSINESS_HOURS, BUSINESS_DAYS)

# A real service is never closed this long; beyond it the standard is misconfigured.
MAX_CLOSED_DAYS = 3 * 366

__all__ = [
    "BUSINESS_DAYS",
    "BUSINESS_HOURS",
    "StandardSpec",
    "business_time_between",
    "due_at",
    "standard_time_between",
    "is_open",
    "next_opening",
]

Period = tuple[time, time]
Interval = tuple[datetime, datetime]  # UTC, end exclusive


@dataclasses.dataclass(frozen=True)
class StandardSpec:
    """A service standard: target, counting, opening hours, time zone and days off."""

    target_hours: int
    counting: str
    opening_hours: dict[int, list[Period]]
    timezone: str
    country: str = "CA"
    subdivision: str | None = None
    closure_days: frozenset[date] = frozenset()
    acknowledgement_stops_clock: bool = False

    def __post_init__(self) -> None:
        if self.counting not in COUNTINGS:
            raise ValueError(f"counting must be one of {COUNTINGS}, not {self.counting!r}")
        if self.target_hours < 0:
            raise ValueError("target_hours must not be negative")
        for weekday, periods in self.opening_hours.items():
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}")
            for period in periods:
                if len(period) != 2 or not all(isinstance(t, time) for t in period):
                    raise ValueError(f"an opening period is two datetime.time, not {period!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        # Callers pass sets or lists; a frozenset keeps the spec immutable.
        object.__setattr__(self, "closure_days", frozenset(self.closure_days))

    @classmethod
    def weekdays(cls, start: time = time(9), end: time = time(17), **kw) -> StandardSpec:
        """A standard open Monday to Friday, one period a day."""
        return cls(opening_hours={d: [(start, end)] for d in range(5)}, **kw)

    @property
    def tz(self) -> ZoneInfo:
        """The standard's time zone."""
        return ZoneInfo(self.timezone)

    def has_opening_hours(self) -> bool:
        """Whether any weekday has an opening period."""
        return any(self.opening_hours.values())


@functools.lru_cache(maxsize=256)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    supported = holidays.list_supported_countries()
    if country not in supported or (subdivision and subdivision not in supported[country]):
        raise ValueError(f"no holidays known for {country!r}/{subdivision!r}")
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _resolve(standard) -> StandardSpec:
    if isinstance(standard, StandardSpec):
        return standard
    as_spec = getattr(standard, "as_spec", None)
    if as_spec is None:
        raise TypeError(f"expected a StandardSpec or an object with as_spec(), got {standard!r}")
    spec = as_spec()
    if not isinstance(spec, StandardSpec):
        raise TypeError(f"as_spec() must return a StandardSpec, got {spec!r}")
    return spec


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {moment!r}")
    return moment.astimezone(UTC)


def _require_hours(spec: StandardSpec) -> None:
    if not spec.has_opening_hours():
        raise ValueError("the service standard has no opening hours: nothing can ever be due")


def _to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    # fold=0 picks the first of two ambiguous times and, for a nonexistent time, the offset
    # before the transition, which lands after the gap: "normalised forward".
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def _is_business_day(day: date, spec: StandardSpec) -> bool:
    if not spec.opening_hours.get(day.weekday()):
        return False
    if day in spec.closure_days:
        return False
    return day not in _holiday_dates(spec.country, spec.subdivision, day.year)


def _periods_on(day: date, spec: StandardSpec, tz: ZoneInfo) -> list[Interval]:
    if not _is_business_day(day, spec):
        return []
    result = []
    for start, end in spec.opening_hours[day.weekday()]:
        # end <= start crosses midnight, so (0:00, 0:00) is a whole day.
        end_day = day if end > start else day + timedelta(days=1)
        s = _to_utc(datetime.combine(day, start), tz)
        e = _to_utc(datetime.combine(end_day, end), tz)
        if e > s:  # a period swallowed by a DST gap has no length
            result.append((s, e))
    return sorted(result)


def _intervals(spec: StandardSpec, tz: ZoneInfo, day: date, until: date | None = None):
    """Merged open intervals (UTC) of the periods starting on ``day`` or later."""
    pending: Interval | None = None
    closed_days, first = 0, day
    while until is None or day <= until:
        periods = _periods_on(day, spec, tz)
        closed_days = 0 if periods else closed_days + 1
        if closed_days > MAX_CLOSED_DAYS:
            raise ValueError(f"no opening in {MAX_CLOSED_DAYS} days from {first}: check the hours")
        for s, e in periods:
            if pending is not None and s <= pending[1]:
                pending = (pending[0], max(pending[1], e))
            else:
                if pending is not None:
                    yield pending
                pending = (s, e)
        day += timedelta(days=1)
        # Periods start at the earliest at the next local midnight; yielding now keeps a long
        # closure from delaying (or failing) an interval already known.
        if pending is not None and pending[1] < _to_utc(datetime.combine(day, time()), tz):
            yield pending
            pending = None
    if pending is not None:
        yield pending


def _open_from(at: datetime, spec: StandardSpec, tz: ZoneInfo) -> Iterator[Interval]:
    # Start a day early: yesterday's overnight period may still be running.
    first_day = at.astimezone(tz).date() - timedelta(days=1)
    for s, e in _intervals(spec, tz, first_day):
        if e > at:
            yield max(s, at), e


def is_open(at: datetime, standard) -> bool:
    """Whether the service is open at ``at`` (the closing instant counts as closed)."""
    spec = _resolve(standard)
    at = _aware(at, "at")
    if not spec.has_opening_hours():
        return False
    s, _e = next(_open_from(at, spec, spec.tz))
    return s == at


def next_opening(at: datetime, standard) -> datetime:
    """The first open moment at or after ``at``, in the standard's time zone."""
    spec = _resolve(standard)
    at = _aware(at, "at")
    _require_hours(spec)
    s, _e = next(_open_from(at, spec, spec.tz))
    return s.astimezone(spec.tz)


def business_time_between(start: datetime, end: datetime, standard) -> timedelta:
    """Open time elapsed between ``start`` and ``end`` (zero if end is not after start)."""
    spec = _resolve(standard)
    start, end = _aware(start, "start"), _aware(end, "end")
    total = timedelta()
    if end <= start or not spec.has_opening_hours():
        return total
    tz = spec.tz
    first_day = start.astimezone(tz).date() - timedelta(days=1)
    for s, e in _intervals(spec, tz, first_day, until=end.astimezone(tz).date()):
        overlap = min(e, end) - max(s, start)
        if overlap > timedelta():
            total += overlap
    return total


def _due_business_hours(received: datetime, spec: StandardSpec) -> datetime:
    remaining = timedelta(hours=spec.target_hours)
    for s, e in _open_from(received, spec, spec.tz):
        # "<=" so a target ending exactly at closing is due then, not at the next opening.
        if remaining <= e - s:
            return s + remaining
        remaining -= e - s
    raise AssertionError("unreachable: _intervals never ends without an end date")


def _anchor_day(start: datetime, spec: StandardSpec, tz: ZoneInfo) -> date:
    # The business day a moment belongs to is the day its period started on, so 01:00 in a
    # Friday 20:00-02:00 period moves to the next business day after Friday, not Saturday.
    local_day = start.astimezone(tz).date()
    for day in (local_day, local_day - timedelta(days=1)):
        if any(s <= start < e for s, e in _periods_on(day, spec, tz)):
            return day
    return local_day


def _next_business_day(day: date, spec: StandardSpec) -> date:
    for offset in range(1, MAX_CLOSED_DAYS + 1):
        if _is_business_day(day + timedelta(days=offset), spec):
            return day + timedelta(days=offset)
    raise ValueError(f"no business day in {MAX_CLOSED_DAYS} days after {day}: check the hours")


def _due_business_days(received: datetime, spec: StandardSpec) -> datetime:
    tz = spec.tz
    start = next(_open_from(received, spec, tz))[0]
    anchor = _anchor_day(start, spec, tz)
    due_day = anchor
    for _ in range(spec.target_hours // 24):
        due_day = _next_business_day(due_day, spec)
    # Wall-clock arithmetic so the due time keeps its local time of day across DST changes.
    wall = start.astimezone(tz).replace(tzinfo=None)
    wall += (due_day - anchor) + timedelta(hours=spec.target_hours % 24)
    return _to_utc(wall, tz)


def due_at(received_at: datetime, standard) -> datetime:
    """When an answer to a question received at ``received_at`` is due (aware, local zone)."""
    spec = _resolve(standard)
    received = _aware(received_at, "received_at")
    _require_hours(spec)
    if spec.counting == BUSINESS_HOURS:
        due = _due_business_hours(received, spec)
    else:
        due = _due_business_days(received, spec)
    return due.astimezone(spec.tz)


def standard_time_between(start: datetime, end: datetime, standard) -> timedelta:
    """Time elapsed between two moments counted the way the standard counts its target.

    Business hours: the open time between them. Business days: real time from when the clock
    starts (the next opening, if closed) minus a whole day for each day without any opening
    in between, so a question answered exactly at its due time took ``target_hours``.
    """
    spec = _resolve(standard)
    start, end = _aware(start, "start"), _aware(end, "end")
    if spec.counting == BUSINESS_HOURS:
        return business_time_between(start, end, spec)
    if end <= start or not spec.has_opening_hours():
        return timedelta()
    tz = spec.tz
    clock = next(_open_from(start, spec, tz))[0]
    if end <= clock:
        return timedelta()
    anchor, last = _anchor_day(clock, spec, tz), end.astimezone(tz).date()
    days_off = sum(
        not _is_business_day(anchor + timedelta(days=n), spec)
        for n in range(1, (last - anchor).days + 1)
    )
    wall = end.astimezone(tz).replace(tzinfo=None) - clock.astimezone(tz).replace(tzinfo=None)
    return max(timedelta(), wall - timedelta(days=days_off))
