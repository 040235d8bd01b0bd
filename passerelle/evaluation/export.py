"""The framework as XLSX (one sheet per table) and CSV (the same tables one after another).

Both are made from the same four tables, built once from an Overview, so the spreadsheet
and the CSV hold the same numbers. Values are plain numbers (no unit, no thousands mark)
and periods are named by their stable keys (2026-03, 2026-Q1, 2026), for spreadsheets.
"""

from __future__ import annotations

import csv
import dataclasses
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from passerelle.evaluation import display
from passerelle.evaluation.models import EvaluationPlan, Level
from passerelle.evaluation.overview import Overview
from passerelle.evaluation.services import PLAN_FIELDS

# A spreadsheet runs a cell starting with these as a formula: text typed by staff never is.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


@dataclasses.dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]


def _plain(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number == int(number) else number


def _levels() -> dict[str, str]:
    return {value: str(label) for value, label in Level.choices}


def logic_model_sheet(o: Overview) -> Sheet:
    names = _levels()
    rows = [
        [names[level], n, item.description]
        for level, items in o.levels.items()
        for n, item in enumerate(items, start=1)
    ]
    return Sheet(_("Logic model"), [_("Level"), _("Order"), _("Statement")], rows)


def measurement_sheet(o: Overview) -> Sheet:
    names = _levels()
    headers = [
        _("Level"),
        _("Result"),
        _("Indicator"),
        _("Measured by"),
        _("Target"),
        _("Data source / method"),
        _("Who collects"),
        _("When / how often"),
        _("Status"),
        _("Why"),
    ]
    rows = []
    for row in o.results:
        level, description = names[row.result.level], row.result.description
        if not row.indicators:
            rows.append([level, description] + [None] * (len(headers) - 2))
        for p in row.indicators:
            ind = p.indicator
            rows.append(
                [
                    level,
                    description,
                    ind.name,
                    display.source_label(ind),
                    display.target_text(ind),
                    ind.data_source,
                    ind.collected_by,
                    display.frequency_text(ind),
                    p.status_label,
                    " ".join(p.reasons),
                ]
            )
    return Sheet(_("Measurement framework"), headers, rows)


def values_sheet(o: Overview) -> Sheet:
    headers = [
        _("Indicator"),
        _("Unit"),
        _("Target value"),
        _("Target date"),
        _("Target"),
        _("Status"),
    ] + [p.key for p in o.periods]
    rows = []
    for p in o.indicators:
        ind = p.indicator
        rows.append(
            [
                ind.name,
                p.unit,
                _plain(ind.target_value),
                ind.target_by.isoformat() if ind.target_by else None,
                display.target_text(ind),
                p.status_label,
            ]
            + [_plain(point.value) for point in p.points]
        )
    return Sheet(_("Indicator values"), headers, rows)


def plan_sheet(o: Overview) -> Sheet:
    rows = []
    for name in PLAN_FIELDS:
        value = getattr(o.plan, name)
        label = str(EvaluationPlan._meta.get_field(name).verbose_name)
        rows.append(
            [
                label[:1].upper() + label[1:],
                value.isoformat() if name.endswith("_on") and value else value,
            ]
        )
    return Sheet(_("Evaluation plan"), [_("Part"), _("Plan")], rows)


def sheets(o: Overview) -> list[Sheet]:
    return [logic_model_sheet(o), measurement_sheet(o), values_sheet(o), plan_sheet(o)]


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_bytes(o: Overview) -> bytes:
    """The four tables, each under its title and followed by an empty line (UTF-8, BOM)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for sheet in sheets(o):
        writer.writerow([sheet.title])
        writer.writerow(sheet.headers)
        for row in sheet.rows:
            writer.writerow(["" if v is None else _safe(v) for v in row])
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]  # Excel's limit
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECF3")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in sheet.rows:
        ws.append(row)
    widths = [len(str(h)) for h in sheet.headers]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl reads "=…" as a formula: keep what staff typed as text.
                cell.data_type = "s"
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            widths[cell.column - 1] = max(widths[cell.column - 1], len(str(cell.value or "")))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    ws.freeze_panes = "A2"


def xlsx(o: Overview) -> bytes:
    """One sheet per table, bold headers, the header row frozen, columns sized."""
    book = Workbook()
    for index, sheet in enumerate(sheets(o)):
        _write_sheet(book.active if index == 0 else book.create_sheet(), sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(o: Overview, extension: str) -> str:
    span = f"{o.periods[0].key}_{o.periods[-1].key}" if o.periods else ""
    return f"results-framework_{o.service.slug}_{span}.{extension}".replace("/", "-")
