"""When members write: a weekday × hour grid of member messages in the service's time zone."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from passerelle.reports import counts
from passerelle.reports.periods import Period
from passerelle.reports.tables import Row, Table
from passerelle.reports.usage import span

# Row keys are part of the JSON interface: never translated, never locale-dependent.
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def weekday_names() -> list[str]:
    """Django's translated day names, Monday first (ISO 1–7)."""
    return [str(WEEKDAYS[i]) for i in range(7)]


def busiest_table(service, periods: list[Period]) -> Table:
    """One row per weekday (Monday first), one column per local hour, totals on both sides."""
    start, end = span(service, periods)
    grid = counts.member_message_hours(service, start, end)
    names = weekday_names()
    rows = []
    for iso_day in range(1, 8):
        values = [grid.get((iso_day, hour), 0) for hour in range(24)]
        rows.append(Row(DAY_KEYS[iso_day - 1], names[iso_day - 1], values, total=sum(values)))
    hourly = [sum(row.values[h] for row in rows) for h in range(24)]
    rows.append(Row("total", _("Total"), hourly, total=sum(hourly)))
    busiest = max(range(24 * 7), key=lambda i: rows[i // 24].values[i % 24], default=None)
    table = Table(
        key="busiest_times",
        title=_("Busiest times"),
        columns=[f"{hour:02d}:00" for hour in range(24)],
        rows=rows,
        periods=[Period(min(p.start for p in periods), max(p.end for p in periods))],
        total_label=_("Total"),
        extra={"timezone": service.timezone},
    )
    if busiest is not None and rows[busiest // 24].values[busiest % 24]:
        table.notes.append(
            _("Busiest hour: %(day)s %(hour)02d:00–%(hour)02d:59 (%(tz)s).")
            % {"day": names[busiest // 24], "hour": busiest % 24, "tz": service.timezone}
        )
    return table
