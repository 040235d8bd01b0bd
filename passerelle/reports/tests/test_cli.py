"""`passerelle report`: Table 5 at the command line, in every format."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from passerelle.reports import toolkit
from passerelle.reports.tests.test_activity import seed_table_5

ARGS = ["--from", "2017-03-01", "--to", "2018-02-28", "--by", "month"]


def test_report_activity_reproduces_table_5(service, tmp_path):
    seed_table_5(service)
    out = tmp_path / "activity.csv"
    call_command(
        "report",
        "activity",
        "--service",
        service.slug,
        *ARGS,
        "--format",
        "csv",
        "--output",
        str(out),
    )
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    header, lines = rows[0], {r[2]: r[4:] for r in rows[1:] if len(r) > 4}
    assert header[4:] == [f"{d:%Y-%m}" for d in toolkit.TABLE_5_MONTHS] + ["Total"]
    assert lines["referrals"] == [str(n) for n in toolkit.TABLE_5["referral"]] + ["221"]
    assert lines["total"] == [str(n) for n in toolkit.TABLE_5_TOTALS] + ["1127"]

    call_command(
        "report",
        "activity",
        "--service",
        service.slug,
        *ARGS,
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "a.xlsx"),
    )
    sheet = load_workbook(tmp_path / "a.xlsx").worksheets[0]
    xlsx = {r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=2)}
    assert xlsx["Total"] == toolkit.TABLE_5_TOTALS + [1127]
    assert [str(v) for v in xlsx["Referrals"]] == lines["referrals"]


def test_json_to_standard_output(service, capsys):
    seed_table_5(service)
    call_command("report", "activity", "--service", service.slug, *ARGS, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    rows = {r["key"]: r for r in data["services"][0]["tables"][0]["rows"]}
    assert rows["requests"]["values"] == toolkit.TABLE_5["request"]
    assert rows["requests"]["total"] == 279


def test_clear_errors(service):
    with pytest.raises(CommandError, match="no service"):
        call_command("report", "usage", "--service", "nope", *ARGS)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "report", "usage", "--service", service.slug, "--from", "March", "--to", "2018-02-28"
        )
    with pytest.raises(CommandError, match="before it starts"):
        call_command(
            "report",
            "usage",
            "--service",
            service.slug,
            "--from",
            "2018-03-01",
            "--to",
            "2018-02-28",
        )
