"""The demo's dashboard shows the toolkit's Table 5 series, month by month."""

from datetime import datetime
from zoneinfo import ZoneInfo

from passerelle.demo.seed import seed_demo
from passerelle.reports import toolkit
from passerelle.reports.dashboard import dashboard_context
from passerelle.reports.periods import complete_months


def test_the_demo_dashboard_shows_table_5(db):
    # Late in a month, late in the day: history must still fall in its own local months.
    now = datetime(2026, 12, 28, 23, 30, tzinfo=ZoneInfo("America/Toronto"))
    service = seed_demo(now=now)["service"]
    role = service.staff_roles.get(user__username="moderator@example.org")
    context = dashboard_context(role, now)
    activity = context["activity_view"]["table"]
    assert activity.columns == [p.key for p in complete_months(now.date(), 12)]
    assert activity.row("requests").values == toolkit.TABLE_5["request"]
    assert activity.row("information").values == toolkit.TABLE_5["information"]
    assert activity.row("referrals").values == toolkit.TABLE_5["referral"]
    assert activity.row("messages").values == toolkit.TABLE_5["other"]
    assert activity.row("total").total == toolkit.TABLE_5_GRAND_TOTAL
    assert "<svg" in context["chart"]
    assert context["members_now"] > 0
