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
    services.indicator_value_record(
        role=admin_role, indicator=manual, on=date(2025, 5, 9), value=Decimal("2.5")
    )
    query = "?by=month&start=2025-03&end=2025-07"
    base = f"/s/{service.slug}/evaluation/"
    xlsx = admin_client.get(base + "export.xlsx" + query)
    text = admin_client.get(base + "export.csv" + query)
    assert xlsx.status_code == text.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="results-framework_' in xlsx["Content-Disposition"]
    return load_workbook(io.BytesIO(xlsx.content)), text.content.decode("utf-8-sig")


def _csv_tables(text):
    tables, current = {}, None
    for line in csv.reader(io.StringIO(text)):
        if not line:
            current = None
        elif current is None:
            current = tables.setdefault(line[0], [])
        else:
            current.append(line)
    return tables


def _number(cell):
    return None if cell in ("", None) else float(cell)


def test_one_formatted_sheet_per_table(exported):
    book, _text = exported
    assert book.sheetnames == [
        "Logic model",
        "Measurement framework",
        "Indicator values",
        "Evaluation plan",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.column_dimensions["A"].width > 8
    model = book["Logic model"]
    assert model["C2"].value == "Choose the digital messaging tool"


def test_the_xlsx_holds_the_same_numbers_as_the_csv(exported):
    book, text = exported
    tables = _csv_tables(text)
    sheet = book["Indicator values"]
    rows = list(sheet.iter_rows(values_only=True))
    header, csv_header = rows[0], tables["Indicator values"][0]
    assert list(header) == csv_header
    assert csv_header[-5:] == ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Number of participants"][-5:] == (0, 3, 3, 5, 5)
    assert by_name["Partners met"][-5:] == (None, None, 2.5, None, None)
    for xlsx_row, csv_row in zip(rows[1:], tables["Indicator values"][1:], strict=True):
        assert [v if isinstance(v, str) or v is None else float(v) for v in xlsx_row[6:]] == [
            _number(c) for c in csv_row[6:]
        ]
        assert xlsx_row[0] == csv_row[0] and xlsx_row[5] == csv_row[5]
    statuses = {r[0]: r[5] for r in rows[1:]}
    assert statuses["Partners met"] == "Behind"  # its only value is from 2025: late
    assert len(tables["Measurement framework"]) == len(list(book["Measurement framework"].rows))


def test_typed_text_is_never_a_formula(exported):
    book, text = exported
    cells = [c for row in book["Measurement framework"].iter_rows() for c in row]
    typed = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert typed and all(c.data_type == "s" for c in typed)
    assert "'=HYPERLINK" in text
