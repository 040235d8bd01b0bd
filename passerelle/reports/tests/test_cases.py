"""The case-management table, counted from the rows of one built export (CSV)."""

import csv
import io
from datetime import datetime, timedelta

import pytest

from passerelle.cases.models import CallLog, CaseEvent, ClientFile
from passerelle.cases.tests.helpers import caseworker, client_asks, client_says, make_file
from passerelle.reports.build import build
from passerelle.reports.periods import split
from passerelle.reports.selectors import tables_for

pytestmark = pytest.mark.django_db


def _at(service, month, day, hour=11):
    return datetime(2026, month, day, hour, tzinfo=service.tz)


def _file(service, enrolled, closed=None, reason=""):
    file = make_file(service)
    ClientFile.objects.filter(pk=file.pk).update(
        enrolled_at=enrolled,
        closed_at=closed,
        status=ClientFile.Status.CLOSED if closed else ClientFile.Status.ENROLLED,
        status_reason=reason,
    )
    file.refresh_from_db()
    return file


def _event(file, kind, at, **data):
    return CaseEvent.objects.create(org=file.org, file=file, kind=kind, created_at=at, data=data)


def test_case_management_counts_from_the_export(service):
    _user, role = caseworker(service)
    a = _file(service, _at(service, 1, 5))
    b = _file(service, _at(service, 2, 3), closed=_at(service, 2, 20), reason="Moved away")
    c = _file(service, _at(service, 2, 10), closed=_at(service, 3, 2), reason="Moved away")
    _file(service, _at(service, 3, 15))
    client_says(a, "hello", at=_at(service, 2, 4))
    client_says(b, "hi", at=_at(service, 2, 5))
    client_says(c, "salam", at=_at(service, 1, 30))  # before February: not counted
    CallLog.objects.create(
        org=service.org,
        file=a,
        occurred_at=_at(service, 2, 6),
        duration_minutes=10,
        created_at=_at(service, 2, 6),
    )
    _event(a, CaseEvent.Kind.CHECKIN_SENT, _at(service, 2, 7), on_time=True)
    _event(b, CaseEvent.Kind.FOLLOWUP_DONE, _at(service, 2, 8), on_time=False)
    # Monday 9 February 10:00, answered within the hour; Tuesday's never answered.
    q1 = client_asks(role, a, "Where is the clinic?", at=_at(service, 2, 9, 10))
    q1.__class__.objects.filter(pk=q1.pk).update(
        answered_at=_at(service, 2, 9, 10) + timedelta(hours=1)
    )
    client_asks(role, b, "And the school?", at=_at(service, 2, 10, 10))

    _name, _type, body = build(
        services=[service],
        options={
            "report": "cases",
            "from": "2026-02-01",
            "to": "2026-02-28",
            "by": "month",
            "format": "csv",
        },
    )
    rows = {r[2]: r[4:] for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) if len(r) > 4}
    assert rows["active_end"] == ["2"]  # a and c (b closed on the 20th, d not yet)
    assert rows["enrolled"] == ["2"]
    assert rows["closed"] == ["1"] and rows["closed.moved-away"] == ["1"]
    assert rows["contacts"] == ["5"]  # 4 messages (2 questions among them) + 1 call
    assert rows["contacts.messages"] == ["4"] and rows["contacts.calls"] == ["1"]
    assert rows["contacts_per_client"] == ["1.7"]  # 5 contacts, 3 files open in February
    assert rows["followups"] == ["2"] and rows["followups_on_time"] == ["1"]
    assert rows["questions"] == ["2"] and rows["answered_within"] == ["1"]
    assert rows["share_within"] == ["50"]  # the CSV writes 50.0 as 50
    # The same figures on screen and in every format: one computation.
    periods = split(datetime(2026, 2, 1).date(), datetime(2026, 2, 28).date(), "month")
    table = tables_for(service, "cases", periods)[0]
    assert table.row("contacts").values == [5]
