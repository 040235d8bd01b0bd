"""The framework as XLSX (one sheet per table) and CSV (the same tables one after another).

The indicator values are a `reports.tables.Table` (a row per indicator, a column per
period) rendered by the reports' own `reports.export` renderers, so they read like every
other report (and the XLSX gets the reports' Definitions sheet: periods, service standard,
what each metric counts); the text tables of the framework (logic model, measurement
framework, plan) are added beside it by the small functions below. Values are plain
numbers and periods are named by their stable keys (2026-03, 2026-Q1, 2026).
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from passerelle.evaluation import display
from passerelle.evaluation.models import EvaluationPlan, Level
from passerelle.evaluation.overview import Overview
from passerelle.evaluation.progress import rules
from passerelle.evaluation.services import PLAN_FIELDS
from passerelle.reports.export import (
    Section,
    TextSheet,
    spreadsheet_text,
    text_sheet_write,
    text_stays_text,
    to_csv,
    to_xlsx,
)
from passerelle.reports.tables import Row, Table


def _plain(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number == int(number) else number


def _levels() -> dict[str, str]:
    return {value: str(label) for value, label in Level.choices}


def logic_model_sheet(o: Overview) -> TextSheet:
    names = _levels()
    rows = [
        [names[level], n, item.description]
        for level, items in o.levels.items()
        for n, item in enumerate(items, start=1)
    ]
    return TextSheet(_("Logic model"), [_("Level"), _("Order"), _("Statement")], rows)


def measurement_sheet(o: Overview) -> TextSheet:
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
    return TextSheet(_("Measurement framework"), headers, rows)


def values_table(o: Overview, text=lambda value: value) -> Table:
    """Each indicator's value in each period; its target and status in the table's notes."""
    rows, notes = [], []
    for p in o.indicators:
        ind = p.indicator
        name = text(ind.name)
        rows.append(
            Row(f"indicator.{ind.pk}", name, [_plain(x.value) for x in p.points], unit=p.unit)
        )
        status = f"{p.status_label} — {' '.join(p.reasons)}" if p.reasons else p.status_label
        target = display.target_text(ind) or _("no target")
        notes.append(
            text(
                _("%(indicator)s: target %(target)s; %(status)s")
                % {"indicator": ind.name, "target": target, "status": status}
            )
        )
    return Table(
        key="indicator_values",
        title=_("Indicator values"),
        columns=[p.key for p in o.periods],
        rows=rows,
        periods=o.periods,
        notes=notes,
    )


def plan_sheet(o: Overview) -> TextSheet:
    rows = []
    for name in PLAN_FIELDS:
        value = getattr(o.plan, name)
        if name == "next_evaluation_on":
            value = value.isoformat() if value else ""
        label = str(EvaluationPlan._meta.get_field(name).verbose_name)
        rows.append([label[:1].upper() + label[1:], value])
    return TextSheet(_("Evaluation plan"), [_("Part"), _("Plan")], rows)


def text_sheets(o: Overview) -> list[TextSheet]:
    return [logic_model_sheet(o), measurement_sheet(o), plan_sheet(o)]


def _definitions(o: Overview) -> list[tuple[str, str]]:
    """What "behind" means, and what each metric the framework uses counts."""
    used = {p.indicator.metric for p in o.indicators if p.indicator.metric}
    return rules() + [
        (display.source_label_of(key), display.metric_definition(key)) for key in sorted(used)
    ]


def csv_bytes(o: Overview) -> bytes:
    """The values (as every report's CSV), then the text tables, each under its title."""
    values = to_csv([Section(o.service, [values_table(o, spreadsheet_text)])])
    out = io.StringIO()
    writer = csv.writer(out)
    for sheet in text_sheets(o):
        writer.writerow([sheet.title])
        writer.writerow(sheet.headers)
        for row in sheet.rows:
            writer.writerow(["" if v is None else spreadsheet_text(v) for v in row])
        writer.writerow([])
    return values + out.getvalue().encode("utf-8")


def xlsx(o: Overview) -> bytes:
    """The framework's sheets, the values sheet and the reports' Definitions sheet."""
    values = to_xlsx([Section(o.service, [values_table(o)])], _definitions(o))
    book = load_workbook(io.BytesIO(values))
    for index, sheet in enumerate(text_sheets(o)):
        # Logic model and framework first, the plan after the values.
        text_sheet_write(book.create_sheet(sheet.title[:31], index if index < 2 else 3), sheet)
    text_stays_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(o: Overview, extension: str) -> str:
    span = f"{o.periods[0].start}-{o.periods[-1].end}" if o.periods else ""
    return f"{o.service.slug}-results-framework-{span}.{extension}"
