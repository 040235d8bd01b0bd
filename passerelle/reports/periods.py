"""Reporting periods: whole local days, cut by month, quarter or year, or one custom span.

A period is a range of calendar days in the service's time zone, both ends included (the
toolkit's "start and end dates"). Counting uses the half-open interval of aware datetimes
[first day 00:00, day after the last 00:00), so a message at 23:59 local time on the last day
counts and none counts twice. This module must not import Django models.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BY = ("month", "quarter", "year", "custom")
# A report longer than this is a mistake (a typo in a year), not a request.
MAX_DAYS = 20 * 366


class PeriodError(ValueError):
    """A period the caller asked for does not make sense; the message says why."""


@dataclasses.dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @property
    def key(self) -> str:
        """A stable name: 2017-03 for a month, 2017-Q1, 2017, else start/end."""
        if self.start.day == 1 and self.end == _month_end(self.start):
            return self.start.strftime("%Y-%m")
        if (
            self.start.day == 1
            and self.start.month % 3 == 1
            and self.end == _month_end(_add_months(self.start, 2))
        ):
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the service's time zone."""
        return local_midnight(self.start, tz), local_midnight(self.end + timedelta(days=1), tz)

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1, day=1)


def _unit_start(day: date, by: str) -> date:
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def split(start: date, end: date, by: str) -> list[Period]:
    """The periods between two days, cut by calendar month, quarter or year.

    The first and last periods are cut at `start` and `end`, so March 15 – May 31 by month
    gives March 15–31, April, May: every day of the span counts exactly once.
    """
    if by not in BY:
        raise PeriodError(f"unknown period kind {by!r}: use one of {', '.join(BY)}")
    if end < start:
        raise PeriodError(f"the period ends ({end}) before it starts ({start})")
    if (end - start).days >= MAX_DAYS:
        raise PeriodError("a report covers at most 20 years")
    if by == "custom":
        return [Period(start, end)]
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    periods, cursor = [], start
    while cursor <= end:
        next_start = _add_months(_unit_start(cursor, by), months)
        periods.append(Period(cursor, min(end, next_start - timedelta(days=1))))
        cursor = next_start
    return periods


def last_months(today: date, count: int) -> list[Period]:
    """The `count` calendar months ending with the current one (this month so far included)."""
    first = _add_months(today.replace(day=1), -(count - 1))
    return split(first, _month_end(today), "month")


def complete_months(today: date, count: int) -> list[Period]:
    """The `count` calendar months before the current one: what a monthly report covers."""
    return last_months(today.replace(day=1) - timedelta(days=1), count)


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), _month_end(day))


def previous_month(day: date) -> Period:
    return month_of(day.replace(day=1) - timedelta(days=1))


def parse_day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        raise PeriodError(f"{name} must be a date written YYYY-MM-DD, not {text!r}") from None
