"""The landing page of everyone who reads reports: where the service stands today."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from passerelle.orgs.permissions import require
from passerelle.questions.models import Question
from passerelle.reports.chart import line_chart
from passerelle.reports.definitions import definition
from passerelle.reports.periods import complete_months, month_of, previous_month
from passerelle.reports.selectors import tables_for

# The dashboard's month-against-month lines, from the usage table.
COMPARED = (
    "members_new",
    "members_left",
    "members_removed",
    "questions_answered",
    "participants",
    "private_messages",
    "posts",
)


def dashboard_context(role, now) -> dict:
    require(role, "read_reports")
    service = role.service
    today = now.astimezone(service.tz).date()
    this, last = month_of(today), previous_month(today)
    usage = tables_for(service, "usage", [last, this])[0]
    comparison = []
    for key in COMPARED:
        row = usage.row(key)
        before, now_value = row.values
        comparison.append(
            {"label": row.label, "last": before, "this": now_value, "change": now_value - before}
        )
    members = usage.row("members_total").values
    questions = Question.objects.filter(service=service, status__in=Question.WAITING).aggregate(
        waiting=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now))
    )
    months = complete_months(today, 12)
    activity = tables_for(service, "activity", months)[0]
    chart = line_chart(
        activity,
        title=_("Activity over the last 12 complete months"),
        described_by="table-activity-data",
    )
    return {
        "members_now": members[1],
        "members_change": members[1] - members[0],
        "this_month": this,
        "last_month": last,
        "comparison": comparison,
        "questions": questions,
        "activity_view": {
            "table": activity,
            "rows": [(row, definition(activity.key, row.key)) for row in activity.rows],
            "id": "activity-data",
        },
        "chart": chart,
    }
