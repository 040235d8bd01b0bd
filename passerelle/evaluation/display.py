"""How an indicator's numbers and target read, the same on the page, in print and in exports."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.translation import gettext as _

from passerelle.evaluation.models import (
    EvaluationEvent,
    EvaluationPlan,
    Indicator,
    IndicatorValue,
    LogicItem,
    Result,
)
from passerelle.reports.definitions import definition
from passerelle.reports.metrics import METRICS
from passerelle.reports.periods import Period

F = Indicator.Frequency


def period_name(period: Period) -> str:
    """March 2017, Q1 2017, 2017, or the two days of a custom period."""
    key = period.key
    if "-Q" in key or len(key) == 4:
        return key.replace("-", " ")
    if len(key) == 7:
        return formats.date_format(period.start, "YEAR_MONTH_FORMAT")
    start = formats.date_format(period.start, "SHORT_DATE_FORMAT")
    end = formats.date_format(period.end, "SHORT_DATE_FORMAT")
    return f"{start} – {end}"


def unit_of(indicator: Indicator) -> str:
    metric = METRICS.get(indicator.metric)
    return metric.unit if metric else indicator.unit


def number(value, unit: str = "") -> str:
    """500, 12.5 or 12,5 (the language's decimal mark), with its unit; — for no value."""
    if value is None:
        return "—"
    value = float(value)
    shown = formats.number_format(value, 0 if value == int(value) else 1, use_l10n=True)
    return f"{shown} {unit}" if unit else shown


# The report line each metric reads, whose definition it shares (reports/definitions.py).
_REPORT_LINE = {
    "members_total": ("usage", "members_total"),
    "members_new": ("usage", "members_new"),
    "participants": ("usage", "participants"),
    "questions_answered": ("usage", "questions_answered"),
    "answered_within_standard": ("standard", "share_within"),
}


def metric_definition(key: str) -> str:
    """What a built-in metric counts, in words (docs/evaluation.md says the same)."""
    if key in _REPORT_LINE:
        return definition(*_REPORT_LINE[key])
    return {
        "members_growth": _(
            "The change in members over the period, as a share of the members the day "
            "before it began; no value when there were none."
        ),
        "referrals_positive": _(
            "Referrals made in the period whose follow-up says the member got the help they "
            "needed (the latest answer counts)."
        ),
        "referrals_positive_share": _(
            "Of the referrals made in the period whose follow-up got an answer, the share "
            "that got the help they needed; no value when none did."
        ),
    }.get(key, "")


def source_label_of(key: str) -> str:
    metric = METRICS.get(key)
    return str(metric.label) if metric else key


def source_label(indicator: Indicator) -> str:
    """What measures it: the metric's name, or "entered by hand"."""
    if not indicator.metric:
        return _("Entered by hand")
    metric = METRICS.get(indicator.metric)
    return (
        str(metric.label)
        if metric
        else _("A metric that no longer exists (%(key)s)") % {"key": indicator.metric}
    )


def _each(frequency: str) -> str:
    return {
        F.MONTH: _("each month"),
        F.QUARTER: _("each quarter"),
        F.YEAR: _("each year"),
    }.get(frequency, "")


def _direction(indicator: Indicator) -> str:
    up = indicator.direction == Indicator.Direction.UP
    return {
        F.MONTH: _("grows every month") if up else _("falls every month"),
        F.QUARTER: _("grows every quarter") if up else _("falls every quarter"),
        F.YEAR: _("grows every year") if up else _("falls every year"),
    }.get(indicator.frequency, "")


def comparison(indicator: Indicator) -> str:
    if indicator.target_comparison == Indicator.Comparison.AT_MOST:
        return _("at most %(value)s")
    return _("at least %(value)s")


def target_text(indicator: Indicator) -> str:
    """ "at least 500 by 31 March 2027; grows every month", or "" without a target."""
    parts = []
    if indicator.target_value is not None:
        value = comparison(indicator) % {
            "value": number(indicator.target_value, unit_of(indicator))
        }
        if indicator.target_by:
            day = formats.date_format(indicator.target_by, "DATE_FORMAT")
            parts.append(_("%(value)s by %(date)s") % {"value": value, "date": day})
        elif indicator.frequency == F.ONCE:
            parts.append(value)
        else:
            parts.append(f"{value} {_each(indicator.frequency)}")
    if indicator.direction:
        parts.append(_direction(indicator))
    return "; ".join(parts)


def frequency_text(indicator: Indicator) -> str:
    return str(F(indicator.frequency).label) if indicator.frequency in F.values else ""


def event_changes(event) -> list[tuple[str, object, object]]:
    """(field name in words, before, after) for each field an event changed."""
    S = EvaluationEvent.Subject
    model = {
        S.LOGIC_ITEM: LogicItem,
        S.RESULT: Result,
        S.INDICATOR: Indicator,
        S.VALUE: IndicatorValue,
        S.PLAN: EvaluationPlan,
    }.get(event.subject)
    before, after = event.data.get("before") or {}, event.data.get("after") or {}
    rows = []
    for name in after or before:
        try:
            label = str(model._meta.get_field(name).verbose_name) if model else name
        except FieldDoesNotExist:  # a field since renamed: show its stored name
            label = name
        rows.append((label[:1].upper() + label[1:], before.get(name), after.get(name)))
    return rows
