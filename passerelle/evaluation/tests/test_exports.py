"""The XLSX opens with openpyxl, one formatted sheet per table, and holds the same numbers
as the CSV; text typed by staff never becomes a formula."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from passerelle.evaluation import services
from passerelle.evaluation.tests.helpers import join, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(admin_client, admin_role, service):
    join(service, 3, local(2025, 4, 10))
    join(service, 2, local(2025, 6, 2))
    services.framework_start(role=admin_role, from_example=True, language="en")
    row = services.result_add(role=admin_role, level="output", description='=HYPERLINK("x")')
    manual = services.indicator_add(role=admin_role, result=row, name="Partners met")
    services.indicator_add(role=admin_role, result=row, name="=SUM(1,2)")
    services.indicator_value_record(
        role=admin_role, indicator=manual, on=date(2025, 5, 9), value=Decimal("2.5")
    )
    query = "?by=month&start=2025-03&end=2025-07"
    base = f"/s/{service.slug}/evaluation/"
    xlsx = admin_client.get(base + "export.xlsx" + query)
    text = admin_client.get(base + "export.csv" + query)
    assert xlsx.status_code == text.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx["Content-Disposition"].endswith(
        f'filename="{service.slug}-results-framework-2025-03-01-2025-07-31.xlsx"'
    )
    return load_workbook(io.BytesIO(xlsx.content)), text.content.decode("utf-8-sig")


def _csv_blocks(text):
    """The CSV's tables: the values (reports' layout, one header line), then titled ones."""
    blocks, current = [], []
    for line in csv.reader(io.StringIO(text)):
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    values, *titled = blocks
    return values, {block[0][0]: block[1:] for block in titled}


def _number(cell):
    return None if cell in ("", None) else float(cell)


def test_one_formatted_sheet_per_table(exported):
    book, _text = exported
    assert book.sheetnames == [
        "Logic model",
        "Measurement framework",
        "Indicator values",
        "Evaluation plan",
        "Definitions",
    ]
    for sheet in book.worksheets[:4]:
        assert sheet.freeze_panes in ("A2", "B2")
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
        assert sheet.column_dimensions["A"].width > 8
    assert book["Logic model"]["C2"].value == "Choose the digital messaging tool"
    definitions = [r[0] for r in book["Definitions"].iter_rows(values_only=True)]
    assert "Behind" in definitions and "Members at the end of the period" in definitions


def test_the_xlsx_holds_the_same_numbers_as_the_csv(exported, service):
    book, text = exported
    values, titled = _csv_blocks(text)
    rows = list(book["Indicator values"].iter_rows(values_only=True))
    assert list(rows[0][1:6]) == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    assert values[0][4:] == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    csv_rows = {
        r[3].removeprefix("'"): [_number(c) for c in r[4:]] for r in values[1:] if r[2] != "note"
    }
    sheet_rows = {r[0]: r[1:6] for r in rows[1 : 1 + len(csv_rows)]}
    assert sheet_rows["Number of participants"] == (0, 3, 3, 5, 5)
    assert sheet_rows["Partners met"] == (None, None, 2.5, None, None)
    assert len(sheet_rows) == len(csv_rows) == 7
    # Same order, same numbers (the sheet adds the unit to the name: "… (%)").
    for (label, numbers), (sheet_label, cells) in zip(
        csv_rows.items(), sheet_rows.items(), strict=True
    ):
        assert sheet_label.startswith(label)
        assert [None if v is None else float(v) for v in cells] == numbers
    # Each indicator's target and status come with its values, in both.
    notes = [r[3] for r in values[1:] if r[2] == "note"]
    assert any(n.startswith("Partners met: target no target; Behind") for n in notes)
    sheet_notes = [r[0] for r in rows if r[0] and r[0].startswith("Partners met: target")]
    assert sheet_notes == [n for n in notes if n.startswith("Partners met: target")]
    framework = list(book["Measurement framework"].iter_rows(values_only=True))
    assert len(titled["Measurement framework"]) == len(framework)
    assert [list(r) for r in framework][1][2] == titled["Measurement framework"][1][2]


def test_typed_text_is_never_a_formula(exported):
    book, text = exported
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    typed = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert {c.value for c in typed} >= {'=HYPERLINK("x")', "=SUM(1,2)"}
    assert all(c.data_type == "s" for c in typed)
    assert "'=HYPERLINK" in text and "'=SUM(1,2)" in text
    assert ",=" not in text and "\n=" not in text
