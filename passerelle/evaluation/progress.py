"""Each indicator over time against its target, and whether it is behind.

Values: a bound indicator reads its metric for each period (`reports.metrics`, the same
figures as the reports); a hand-entered one shows, for each period, its latest value dated
in it. Whether an indicator is behind does not depend on the periods on screen: it is
judged at the indicator's own frequency, on the periods that are over, so the month
under way never makes an indicator late. An indicator is behind when:

- its target has a date that has passed and the value at that date missed it;
- its target has no date (it holds every period) and the last period over missed it;
- it has a direction and the last period over did not move that way from the one before;
- it is entered by hand and no value came for longer than its frequency.

All metric figures a page needs are asked once per metric, whatever the indicators.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from passerelle.evaluation.display import comparison, number, period_name, unit_of
from passerelle.evaluation.models import Indicator, IndicatorValue
from passerelle.reports.metrics import METRICS, metric_series
from passerelle.reports.periods import Period, month_of, split

F = Indicator.Frequency
# "No value for longer than its frequency", in days: the longest month, quarter, year.
LATE_AFTER_DAYS = {F.MONTH: 31, F.QUARTER: 92, F.YEAR: 366}

BEHIND, MET, ON_TRACK, NO_TARGET = "behind", "met", "on_track", "no_target"


def status_label(status: str) -> str:
    return {
        BEHIND: _("Behind"),
        MET: _("Target met"),
        ON_TRACK: _("On track"),
        NO_TARGET: _("No target yet"),
    }[status]


def rules() -> list[tuple[str, str]]:
    """When an indicator is behind, in words (the exports' Definitions sheet)."""
    return [
        (
            _("Behind"),
            _(
                "A target with a date that has passed and was not met on that date; a target "
                "without a date missed in the last period that is over; a direction (grows or "
                "falls) not followed from the period before to the last one that is over; a "
                "value entered by hand missing for longer than its frequency."
            ),
        ),
        (
            _("Periods judged"),
            _(
                "Each indicator is judged at its own frequency (month, quarter, year) on the "
                "periods that are over, so the period under way never makes it late."
            ),
        ),
    ]


@dataclasses.dataclass
class Point:
    period: Period
    value: float | None
    running: bool  # the period is not over yet
    meets: bool | None  # against the target value (None: no target or no value)
    against: bool  # moved against the indicator's direction since the point before


@dataclasses.dataclass
class Progress:
    indicator: Indicator
    points: list[Point]
    status: str
    reasons: list[str]  # why it is behind
    notes: list[str]  # what else to know: due date ahead, no value yet…

    @property
    def behind(self) -> bool:
        return self.status == BEHIND

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def unit(self) -> str:
        return unit_of(self.indicator)


def unit_period(day: date, frequency: str) -> Period:
    """The month, quarter or year containing the day (a value collected once: its month)."""
    if frequency in (F.MONTH, F.ONCE):
        return month_of(day)
    year = split(date(day.year, 1, 1), date(day.year, 12, 31), frequency)
    return next(p for p in year if p.contains(day))


def last_over(today: date, frequency: str) -> list[Period]:
    """The two last periods at this frequency that are over, oldest first."""
    current = unit_period(today, frequency)
    last = unit_period(current.start - timedelta(days=1), frequency)
    before = unit_period(last.start - timedelta(days=1), frequency)
    return [before, last]


def meets(indicator: Indicator, value: float | None) -> bool | None:
    if value is None or indicator.target_value is None:
        return None
    target = float(indicator.target_value)
    if indicator.target_comparison == Indicator.Comparison.AT_MOST:
        return value <= target
    return value >= target


class _Values:
    """Every value the judged indicators need, fetched in one pass per metric."""

    def __init__(self, service, indicators: list[Indicator], display: list[Period], today):
        self.today = today
        self.tz = service.tz
        wanted: dict[str, set[Period]] = defaultdict(set)
        for ind in indicators:
            if ind.metric in METRICS:
                wanted[ind.metric].update(display + self.judged_periods(ind))
        self.metric: dict[tuple[str, Period], float | None] = {}
        for key, periods in wanted.items():
            ordered = sorted(periods, key=lambda p: (p.start, p.end))
            for period, value in zip(ordered, metric_series(service, key, ordered), strict=True):
                self.metric[(key, period)] = value
        manual = [i.pk for i in indicators if i.is_manual]
        self.manual: dict[int, list[tuple[date, float]]] = defaultdict(list)
        if manual:
            rows = IndicatorValue.objects.filter(indicator_id__in=manual).order_by("on", "id")
            for ind_id, on, value in rows.values_list("indicator_id", "on", "value"):
                self.manual[ind_id].append((on, float(value)))

    def judged_periods(self, ind: Indicator) -> list[Period]:
        periods = [unit_period(self.today, ind.frequency)]
        if ind.frequency != F.ONCE:
            periods += last_over(self.today, ind.frequency)
        if ind.target_by:
            periods.append(self.target_period(ind))
        return periods

    @staticmethod
    def target_period(ind: Indicator) -> Period:
        # Cut at the target's day: "500 members by the 15th" means members on the 15th.
        unit = unit_period(ind.target_by, ind.frequency)
        return Period(unit.start, min(unit.end, ind.target_by))

    def in_period(self, ind: Indicator, period: Period) -> float | None:
        if not ind.is_manual:
            return self.metric.get((ind.metric, period))
        inside = [v for on, v in self.manual[ind.pk] if period.contains(on)]
        return inside[-1] if inside else None

    def at_target(self, ind: Indicator) -> float | None:
        """The value as it stood on the target's day."""
        if not ind.is_manual:
            return self.metric.get((ind.metric, self.target_period(ind)))
        before = [v for on, v in self.manual[ind.pk] if on <= ind.target_by]
        return before[-1] if before else None

    def latest_manual(self, ind: Indicator) -> tuple[date, float] | None:
        return self.manual[ind.pk][-1] if self.manual[ind.pk] else None


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _dated_target(ind, values, today, current, target, unit) -> tuple[bool, list, list]:
    """(reached, reasons, notes) of a target with a date."""
    day = _day(ind.target_by)
    if today > ind.target_by:
        at = values.at_target(ind)
        if meets(ind, at):
            return True, [], []
        text = _("Target %(target)s by %(date)s not met: %(value)s.")
        return False, [text % {"target": target, "date": day, "value": number(at, unit)}], []
    if meets(ind, current):
        return True, [], [_("Target reached ahead of %(date)s.") % {"date": day}]
    note = _("Due by %(date)s; now %(value)s.") % {"date": day, "value": number(current, unit)}
    return False, [], [note]


def _standing_target(ind, values, today, target, unit) -> tuple[bool, list, list]:
    """(reached, reasons, notes) of a target without a date: it holds every period."""
    if ind.is_manual:
        latest = values.latest_manual(ind)
        last, name = (latest[1], _day(latest[0])) if latest else (None, "")
    else:
        period = last_over(today, ind.frequency)[-1]
        last, name = values.in_period(ind, period), period_name(period)
    if last is None:
        return False, [], [_("No value yet to compare with the target.")]
    if not meets(ind, last):
        text = _("Missed its target of %(target)s in %(period)s: %(value)s.")
        return False, [text % {"target": target, "period": name, "value": number(last, unit)}], []
    # A value collected once that meets its target is done; a standing target goes on.
    return ind.frequency == F.ONCE, [], []


def _direction(ind, values, today, unit) -> tuple[list, list]:
    """(reasons, notes) of a direction, from the period before to the last one over."""
    before, last = last_over(today, ind.frequency)
    a, b = values.in_period(ind, before), values.in_period(ind, last)
    if a is None or b is None:
        return [], [_("Not enough values yet to see the trend.")]
    up = ind.direction == Indicator.Direction.UP
    if (b > a) if up else (b < a):
        return [], []
    text = (
        _("Did not grow: %(before)s in %(p1)s, %(after)s in %(p2)s.")
        if up
        else _("Did not fall: %(before)s in %(p1)s, %(after)s in %(p2)s.")
    )
    names = {"p1": period_name(before), "p2": period_name(last)}
    return [text % {"before": number(a, unit), "after": number(b, unit), **names}], []


def _lateness(ind, values, today) -> tuple[list, list]:
    """(reasons, notes) of a hand-entered indicator's latest value against its frequency."""
    latest = values.latest_manual(ind)
    since = latest[0] if latest else ind.created_at.astimezone(values.tz).date()
    if (today - since).days <= LATE_AFTER_DAYS[ind.frequency]:
        return [], ([] if latest else [_("No value entered yet.")])
    expected = str(F(ind.frequency).label).lower()
    if latest:
        text = _("No value entered since %(date)s (expected: %(often)s).")
        return [text % {"date": _day(since), "often": expected}], []
    return [_("No value entered yet (expected: %(often)s).") % {"often": expected}], []


def _judge(ind: Indicator, values: _Values, today: date) -> tuple[str, list[str], list[str]]:
    """(status, reasons it is behind, notes) as of today."""
    reasons, notes, reached = [], [], False
    unit = unit_of(ind)
    if ind.metric and ind.metric not in METRICS:
        notes.append(_("This metric no longer exists: choose another one."))
    if ind.target_value is not None:
        target = comparison(ind) % {"value": number(ind.target_value, unit)}
        if ind.target_by:
            if ind.is_manual:
                latest = values.latest_manual(ind)
                current = latest[1] if latest else None
            else:
                current = values.in_period(ind, unit_period(today, ind.frequency))
            reached, more, more_notes = _dated_target(ind, values, today, current, target, unit)
        else:
            reached, more, more_notes = _standing_target(ind, values, today, target, unit)
        reasons, notes = reasons + more, notes + more_notes
    if ind.direction and ind.frequency != F.ONCE:
        more, more_notes = _direction(ind, values, today, unit)
        reasons, notes = reasons + more, notes + more_notes
    if ind.is_manual and ind.frequency in LATE_AFTER_DAYS:
        more, more_notes = _lateness(ind, values, today)
        reasons, notes = reasons + more, notes + more_notes
    if reasons:
        return BEHIND, reasons, notes
    if ind.target_value is None and not ind.direction:
        return NO_TARGET, reasons, notes
    return (MET if reached else ON_TRACK), reasons, notes


def progress_of(service, indicators: list[Indicator], periods: list[Period], today: date):
    """{indicator id: Progress} for the periods shown, judged as of `today` (local day)."""
    values = _Values(service, indicators, periods, today)
    out = {}
    for ind in indicators:
        points, previous = [], None
        for period in periods:
            value = values.in_period(ind, period)
            against = False
            if ind.direction and value is not None and previous is not None:
                up = ind.direction == Indicator.Direction.UP
                against = not (value > previous if up else value < previous)
            met = meets(ind, value)
            if met is False and ind.target_by and period.end < ind.target_by:
                met = None  # "500 by March" says nothing of January: not a miss yet
            points.append(Point(period, value, period.end >= today, met, against))
            previous = value if value is not None else previous
        status, reasons, notes = _judge(ind, values, today)
        out[ind.pk] = Progress(ind, points, status, reasons, notes)
    return out
