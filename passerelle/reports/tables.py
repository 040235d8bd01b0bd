"""What every report is made of: a table of rows by period, rendered by every format alike.

The screen, CSV, XLSX, printable page, JSON, the CLI and the API all render these objects,
so a figure is computed once and reads the same everywhere.
"""

from __future__ import annotations

import dataclasses

from passerelle.reports.periods import Period


@dataclasses.dataclass(frozen=True)
class Below:
    """A count too small to show: it could point at a person (the service's threshold)."""

    threshold: int

    def __str__(self) -> str:
        return f"< {self.threshold}"


Cell = int | float | Below | None


@dataclasses.dataclass
class Row:
    key: str  # stable: part of the JSON interface (docs/reports.md)
    label: str
    values: list[Cell]
    total: Cell = None
    # 1 for a row that details the one above it (posts by type under posts).
    level: int = 0
    unit: str = ""  # "", "%", "hours"


@dataclasses.dataclass
class Table:
    key: str  # stable: usage, activity, standard, busiest_times, referrals
    title: str
    columns: list[str]  # one label per value
    rows: list[Row]
    periods: list[Period] = dataclasses.field(default_factory=list)
    total_label: str = ""  # set when rows carry a total column
    notes: list[str] = dataclasses.field(default_factory=list)
    # Rows of people in a breakdown finer than the service: the small-numbers rule applies.
    people_breakdown: bool = False
    # Figures beside the table that are part of its JSON (activity: "unlabelled").
    extra: dict = dataclasses.field(default_factory=dict)

    @property
    def has_total(self) -> bool:
        return bool(self.total_label)

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


def suppress(value: Cell, threshold: int) -> Cell:
    """A count of people below the threshold becomes "< N" (zero stays zero: it names no one)."""
    if isinstance(value, int) and 0 < value < threshold:
        return Below(threshold)
    return value


def apply_small_numbers(table: Table, threshold: int) -> Table:
    if not table.people_breakdown or threshold <= 1:
        return table
    for row in table.rows:
        row.values = [suppress(v, threshold) for v in row.values]
        row.total = suppress(row.total, threshold)
    return table
