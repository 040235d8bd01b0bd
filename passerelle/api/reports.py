"""Reports in the REST API: the same JSON as the downloads (docs/reports.md), in the schema."""

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from passerelle.orgs.selectors import role_for, roles_for
from passerelle.reports import export
from passerelle.reports.periods import PeriodError, split
from passerelle.reports.selectors import REPORTS, services_for, tables_for, threshold_for

router = Router(tags=["reports"])


class BelowOut(Schema):
    below: int  # the count is 1 … below-1: hidden by the service's small-numbers rule


Cell = int | float | BelowOut | None


class PeriodOut(Schema):
    key: str
    start: date
    end: date


class RowOut(Schema):
    key: str
    label: str
    level: int
    unit: str
    values: list[Cell]
    total: Cell = None
    definition: str


class TableOut(Schema):
    key: str
    title: str
    periods: list[PeriodOut]
    columns: list[str]
    rows: list[RowOut]
    notes: list[str]
    extra: dict


class ServiceReportOut(Schema):
    slug: str
    name: str
    timezone: str
    small_number_threshold: int
    tables: list[TableOut]


class ReportOut(Schema):
    schema_name: str = Field(alias="schema")  # "passerelle.report/1"
    report: str
    generated_at: str
    services: list[ServiceReportOut]


class ReportQuery(Schema):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    by: str = "month"  # month, quarter, year or custom
    compare: list[str] = []  # other services' slugs, side by side


@router.get(
    "/services/{slug}/reports/{report}",
    response={200: ReportOut, 422: dict},
    by_alias=True,
    url_name="report",
)
def report(request, slug: str, report: str, params: Query[ReportQuery]):
    """A report (usage, activity, standard, busiest_times, referrals) as JSON: see ReportOut."""
    role = role_for(request.user, slug, "read_reports")
    if report not in REPORTS:
        raise Http404("No such report")
    try:
        periods = split(params.start, params.end, params.by)
    except PeriodError as exc:
        return Status(422, {"detail": [str(exc)]})
    compared = services_for(roles_for(request.user), params.compare)
    sections = [
        export.Section(s, tables_for(s, report, periods), threshold_for(s))
        for s in [role.service, *[c for c in compared if c.pk != role.service_id]]
    ]
    return Status(200, export.as_dict(report, sections))
