"""Reports as a role may read them: every entry point (page, export, CLI, API) starts here."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.orgs.permissions import require
from passerelle.reports.busiest import busiest_table
from passerelle.reports.cases import case_table
from passerelle.reports.languages import languages_table
from passerelle.reports.models import ReportSettings
from passerelle.reports.periods import Period, PeriodError
from passerelle.reports.referrals import referral_tables
from passerelle.reports.standard import standard_table
from passerelle.reports.tables import Table, apply_small_numbers
from passerelle.reports.usage import activity_table, usage_table

# Report names: the CLI's subcommands, the API's paths, the JSON "report" field.
REPORTS = {
    "usage": lambda service, periods: [usage_table(service, periods)],
    "activity": lambda service, periods: [activity_table(service, periods)],
    "standard": lambda service, periods: [standard_table(service, periods)],
    "busiest_times": lambda service, periods: [busiest_table(service, periods)],
    "referrals": referral_tables,
    "languages": lambda service, periods: [languages_table(service, periods)],
    # One-to-one services' client files (docs/cases.md): empty for a group service.
    "cases": lambda service, periods: [case_table(service, periods)],
}


def threshold_for(service) -> int:
    found = ReportSettings.objects.filter(service=service).values_list(
        "small_number_threshold", flat=True
    )
    return next(iter(found), ReportSettings._meta.get_field("small_number_threshold").default)


def tables_for(service, report: str, periods: list[Period]) -> list[Table]:
    """A report's tables for one service, with its small-numbers rule applied.

    No permission check: for the operator's CLI and for callers that checked a role.
    """
    if report not in REPORTS:
        raise PeriodError(f"unknown report {report!r}: use one of {', '.join(REPORTS)}")
    if not periods:
        raise PeriodError("a report needs at least one period")
    threshold = threshold_for(service)
    return [apply_small_numbers(t, threshold) for t in REPORTS[report](service, periods)]


def report_for(role, report: str, periods: list[Period]) -> list[Table]:
    require(role, "read_reports")
    return tables_for(role.service, report, periods)


def services_for(roles, slugs: list[str]) -> list:
    """The services of a coalition report: each must be one the user may read reports of."""
    readable = {r.service.slug: r.service for r in roles if r.can("read_reports")}
    missing = [slug for slug in slugs if slug not in readable]
    if missing:
        raise PermissionDenied(
            _("You cannot read the reports of %(services)s.") % {"services": ", ".join(missing)}
        )
    return [readable[slug] for slug in slugs]


def today_in(service) -> date:
    return timezone.now().astimezone(service.tz).date()
