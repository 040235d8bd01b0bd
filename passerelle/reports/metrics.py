"""Built-in metrics an evaluation indicator can be bound to: one number per period.

Each metric reads the same tables the reports show, so an indicator and the report it comes
from can never disagree. Keys are stored in indicator rows: never rename one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from passerelle.referrals.models import Referral
from passerelle.reports.periods import Period
from passerelle.reports.referrals import OUTCOMES, referral_tables
from passerelle.reports.standard import standard_table
from passerelle.reports.usage import usage_table
from passerelle.surveys.selectors import satisfaction_scores


@dataclasses.dataclass(frozen=True)
class Metric:
    key: str
    label: object  # a lazy translation
    unit: str  # "" (a count) or "%"
    series: Callable[[object, list[Period]], list[float | None]]


def _usage_row(key):
    def series(service, periods):
        return list(usage_table(service, periods).row(key).values)

    return series


def _growth(service, periods):
    """Change in members over each period, as a share of the members at its start."""
    before = [Period(p.start - timedelta(days=1), p.start - timedelta(days=1)) for p in periods]
    table = usage_table(service, before + periods)
    ends = table.row("members_total").values
    starts, finals = ends[: len(periods)], ends[len(periods) :]
    return [round(100 * (b - a) / a, 1) if a else None for a, b in zip(starts, finals, strict=True)]


def _standard_share(service, periods):
    return list(standard_table(service, periods).row("share_within").values)


# The referral tables' columns: all referrals, then one per outcome in OUTCOMES' order.
YES = 1 + OUTCOMES.index(Referral.Outcome.YES)
PENDING = 1 + OUTCOMES.index(Referral.Outcome.PENDING)


def _referral_totals(service, periods):
    return [referral_tables(service, [p])[0].row("total").values for p in periods]


def _referrals_positive(service, periods):
    return [total[YES] for total in _referral_totals(service, periods)]


def _referrals_positive_share(service, periods):
    values = []
    for total in _referral_totals(service, periods):
        known = total[0] - total[PENDING]  # the follow-ups that got an answer
        values.append(round(100 * total[YES] / known, 1) if known else None)
    return values


def _satisfaction(kind):
    """From the completed responses of the service's satisfaction surveys (the built-in
    template's "usefulness" and "frequency" questions), over each period."""

    def series(service, periods):
        values = []
        for period in periods:
            start, end = period.bounds(service.tz)
            responses, useful, daily = satisfaction_scores(service, start, end)
            if kind == "responses":
                values.append(responses)
            else:
                part = useful if kind == "useful" else daily
                values.append(round(100 * part / responses, 1) if responses else None)
        return values

    return series


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "members_total", _("Members at the end of the period"), "", _usage_row("members_total")
        ),
        Metric("members_growth", _("Growth in members over the period"), "%", _growth),
        Metric("members_new", _("New members who joined"), "", _usage_row("members_new")),
        Metric(
            "participants", _("Members who took part in exchanges"), "", _usage_row("participants")
        ),
        Metric(
            "questions_answered",
            _("Questions answered in the group"),
            "",
            _usage_row("questions_answered"),
        ),
        Metric(
            "answered_within_standard",
            _("Questions answered within the standard"),
            "%",
            _standard_share,
        ),
        Metric(
            "referrals_positive", _("Referrals with a positive outcome"), "", _referrals_positive
        ),
        Metric(
            "referrals_positive_share",
            _("Share of followed-up referrals with a positive outcome"),
            "%",
            _referrals_positive_share,
        ),
        Metric(
            "survey_responses",
            _("Satisfaction survey responses completed"),
            "",
            _satisfaction("responses"),
        ),
        Metric(
            "survey_useful_share",
            _("Share of respondents who find the service useful (4 or 5 of 5)"),
            "%",
            _satisfaction("useful"),
        ),
        Metric(
            "survey_daily_share",
            _("Share of respondents who use the group every day"),
            "%",
            _satisfaction("daily"),
        ),
    )
}


def metric_series(service, key: str, periods: list[Period]) -> list[float | None]:
    """The metric's value for each period (None where it has no meaning, e.g. 0 members)."""
    return METRICS[key].series(service, periods)
