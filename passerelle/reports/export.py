"""Reports as files: JSON (a stable interface, docs/reports.md), CSV and XLSX.

Every format renders the same Table objects, so the numbers cannot differ between them.
A report is a list of sections, one per service (a coalition puts several side by side).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from passerelle.reports.definitions import definition
from passerelle.reports.standard import describe
from passerelle.reports.tables import Below, Table

SCHEMA = "passerelle.report/1"
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# A spreadsheet runs a cell starting with these as a formula; staff typed some labels
# (partner names, indicator names): text is always written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Text that a spreadsheet program will show, never run (numbers pass through)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclasses.dataclass
class Section:
    service: object
    tables: list[Table]
    threshold: int = 0


def cell_json(value):
    if isinstance(value, Below):
        return {"below": value.threshold}
    return value


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def as_dict(report: str, sections: list[Section], generated_at: datetime | None = None) -> dict:
    generated_at = generated_at or timezone.now()
    return {
        "schema": SCHEMA,
        "report": report,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "services": [
            {
                "slug": s.service.slug,
                "name": s.service.name,
                "timezone": s.service.timezone,
                "small_number_threshold": s.threshold,
                "tables": [table_dict(t) for t in s.tables],
            }
            for s in sections
        ],
    }


def table_dict(table: Table) -> dict:
    return {
        "key": table.key,
        "title": table.title,
        "periods": [
            {"key": p.key, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in table.periods
        ],
        "columns": table.columns,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "level": row.level,
                "unit": row.unit,
                "values": [cell_json(v) for v in row.values],
                **({"total": cell_json(row.total)} if table.has_total else {}),
                "definition": definition(table.key, row.key),
            }
            for row in table.rows
        ],
        "notes": table.notes,
        "extra": table.extra,
    }


def to_csv(sections: list[Section]) -> bytes:
    """One block per table: a header line, then its rows; a blank line between tables."""
    out = io.StringIO()
    writer = csv.writer(out)
    for section in sections:
        for table in section.tables:
            header = [_("Service"), _("Table"), _("Key"), _("Line"), *table.columns]
            header += [table.total_label] if table.has_total else []
            writer.writerow([spreadsheet_text(h) for h in header])
            for row in table.rows:
                line = [section.service.slug, table.key, row.key, spreadsheet_text(row.label)]
                line += [cell_text(v) for v in row.values]
                writer.writerow(line + ([cell_text(row.total)] if table.has_total else []))
            for note in table.notes:
                writer.writerow([section.service.slug, table.key, "note", spreadsheet_text(note)])
            writer.writerow([])
    # A byte-order mark so spreadsheet programs read Arabic and French accents as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(text: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ , unique in the workbook.
    clean = "".join(" " if c in "[]:*?/\\" else c for c in text)[:31].strip() or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def to_xlsx(sections: list[Section], definitions_extra: list[tuple[str, str]] = ()) -> bytes:
    """One sheet per table, formatted headers, then a sheet of the definitions."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    several = len(sections) > 1
    for section in sections:
        for table in section.tables:
            name = f"{section.service.name} — {table.title}" if several else table.title
            sheet = book.create_sheet(_sheet_title(name, used))
            sheet.append(
                [section.service.name, *table.columns]
                + ([table.total_label] if table.has_total else [])
            )
            for cell in sheet[1]:
                cell.font, cell.fill = bold, fill
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
            for row in table.rows:
                values = [v if not isinstance(v, Below) else str(v) for v in row.values]
                total = (
                    []
                    if not table.has_total
                    else [row.total if not isinstance(row.total, Below) else str(row.total)]
                )
                label = ("    " * row.level) + row.label + (f" ({row.unit})" if row.unit else "")
                sheet.append([label, *values, *total])
                if row.key == "total":
                    for cell in sheet[sheet.max_row]:
                        cell.font = bold
            for note in table.notes:
                sheet.append([note])
            sheet.freeze_panes = "B2"
            sheet.column_dimensions["A"].width = 48
            for index in range(2, len(table.columns) + 3):
                sheet.column_dimensions[get_column_letter(index)].width = 12
    _definitions_sheet(
        book.create_sheet(_sheet_title(_("Definitions"), used)),
        sections,
        definitions_extra,
        bold,
        fill,
    )
    text_stays_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TEXT_MAX_WIDTH = 60


@dataclasses.dataclass
class TextSheet:
    """A sheet of text rows under one header row (the framework's and the planning
    documents' tables), beside the reports' numeric tables."""

    title: str
    headers: list[str]
    rows: list[list]


def text_sheet_write(ws, sheet: TextSheet) -> None:
    """The rows under a bold header, wrapped, columns as wide as their text (up to a limit)."""
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in sheet.rows:
        ws.append(row)
    widths = [len(str(h)) for h in sheet.headers]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if cell.column > len(widths):
                widths.append(0)
            widths[cell.column - 1] = max(widths[cell.column - 1], len(str(cell.value or "")))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(TEXT_MAX_WIDTH, width + 2)
    ws.freeze_panes = "A2"


def text_sheets_xlsx(sheets: list[TextSheet]) -> bytes:
    """A workbook of text sheets only, staff's text kept as text (never a formula)."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        text_sheet_write(book.create_sheet(_sheet_title(sheet.title, used)), sheet)
    text_stays_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text_stays_text(book) -> None:
    """openpyxl stores a string starting with "=" as a formula: keep it the text it was."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _definitions_sheet(sheet, sections, extra, bold, fill) -> None:
    sheet.append([_("Item"), _("Definition")])
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    seen_periods = set()
    for section in sections:
        sheet.append(
            [section.service.name, _("Time zone: %(tz)s") % {"tz": section.service.timezone}]
        )
        sheet.append([_("Service standard"), describe(section.service)])
        if section.threshold > 1:
            sheet.append(
                [
                    _("Small numbers"),
                    _('Counts of people in a breakdown below %(n)s are shown as "< %(n)s".')
                    % {"n": section.threshold},
                ]
            )
        for table in section.tables:
            for period in table.periods:
                if period.key not in seen_periods:
                    seen_periods.add(period.key)
                    sheet.append(
                        [
                            period.key,
                            _("%(start)s to %(end)s, both days included")
                            % {"start": period.start.isoformat(), "end": period.end.isoformat()},
                        ]
                    )
            for note in table.notes:
                sheet.append([table.title, note])
            for row in table.rows:
                text = definition(table.key, row.key)
                if text and row.level == 0:
                    sheet.append([f"{table.title}: {row.label}", text])
    for item, text in extra:
        sheet.append([item, text])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 100


def filename(report: str, sections: list[Section], periods, fmt: str) -> str:
    slugs = "+".join(s.service.slug for s in sections)
    return f"{slugs}-{report}-{periods[0].start}-{periods[-1].end}.{fmt}"
