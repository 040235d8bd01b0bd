"""Languages used: members' messages by detected language and month, in every export."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.members.services import member_for_identity
from passerelle.reports.periods import parse_day, split
from passerelle.reports.selectors import tables_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Toronto")


def _history(service):
    member, _ = member_for_identity(org=service.org, platform="telegram", address="42")
    thread = group_thread_for(service)
    texts = [
        (datetime(2026, 1, 10, 12, tzinfo=TZ), "السلام عليكم، كيف يمكنني التسجيل في دروس اللغة"),
        (datetime(2026, 1, 31, 23, 30, tzinfo=TZ), "مرحبا، أين أجد مكتب الهجرة في المدينة؟"),
        (datetime(2026, 2, 1, 0, 30, tzinfo=TZ), "Hi, how can I sign up for the English classes?"),
        (datetime(2026, 2, 3, 9, tzinfo=TZ), "ok merci"),
        (datetime(2026, 2, 4, 9, tzinfo=TZ), "ሰላም እንዴት ነህ? የቋንቋ ትምህርት የት ማግኘት እችላለሁ?"),
    ]
    messages_record(
        [
            {"thread": thread, "direction": "in", "text": t, "at": at, "member": member}
            for at, t in texts
        ]
    )
    # Staff messages are not counted: only what members wrote.
    messages_record(
        [
            {
                "thread": thread,
                "direction": "out",
                "text": "Bonjour à tous, le bureau est fermé demain.",
                "at": datetime(2026, 1, 12, tzinfo=TZ),
            }
        ]
    )


def test_messages_by_language_and_local_month(service):
    _history(service)
    periods = split(parse_day("2026-01-01", "from"), parse_day("2026-02-28", "to"), "month")
    (table,) = tables_for(service, "languages", periods)
    assert table.key == "languages"
    rows = {r.key: (r.values, r.total) for r in table.rows}
    # 23:30 on 31 January in Toronto is February in UTC: counted in January.
    assert rows["ar"] == ([2, 0], 2)
    assert rows["en"] == ([0, 1], 1)
    assert rows["ti_am"] == ([0, 1], 1)
    assert rows["unknown"] == ([0, 1], 1)
    assert table.rows[-1].key == "unknown"
    assert [r.label for r in table.rows][:1] == ["Arabic"]
    assert Message.objects.filter(direction="out").exists()


def test_in_the_cli_exports(service, capsys):
    _history(service)
    call_command(
        "report",
        "languages",
        "--service",
        service.slug,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-28",
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    text = json.dumps(data, ensure_ascii=False)
    assert "Languages used" in text and "Tigrinya or Amharic" in text
    call_command(
        "report",
        "languages",
        "--service",
        service.slug,
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-28",
        "--format",
        "csv",
    )
    assert "Arabic" in capsys.readouterr().out


def test_the_report_page(client, service):
    from passerelle.orgs.models import Role
    from passerelle.testing.factories import make_staff

    _history(service)
    user, _role = make_staff(service, Role.ADMIN)
    from passerelle.testing.factories import login_verified

    login_verified(client, user)
    page = client.get(
        f"/s/{service.slug}/reports/languages/",
        {"start": "2026-01-01", "end": "2026-02-28", "by": "month"},
    )
    assert page.status_code == 200
    assert "Languages used" in page.content.decode()
