"""How well the service keeps its promise to answer: the service standard, per period."""

from __future__ import annotations

import statistics
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.questions.models import Question, ServiceStandard
from passerelle.questions.standards import due_at, standard_time_between
from passerelle.reports.periods import Period
from passerelle.reports.tables import Row, Table


def standard_of(service) -> ServiceStandard:
    """The service's standard, or the defaults it would get (reports write nothing)."""
    found = ServiceStandard.objects.filter(service=service).first()
    return found or ServiceStandard(service=service, org_id=service.org_id)


def describe(service, standard: ServiceStandard | None = None) -> str:
    standard = standard or standard_of(service)
    return _("an answer within %(hours)s hours — %(counting)s") % {
        "hours": standard.target_hours,
        "counting": standard.get_counting_display(),
    }


def first_response(question, stops_on_acknowledgement: bool) -> datetime | None:
    """When the member first heard back: the answer, or an acknowledgement that stops the clock."""
    moments = [question["answered_at"]]
    if stops_on_acknowledgement:
        moments.append(question["acknowledged_at"])
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (a value that was really observed), None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def _rows(questions, periods, service, spec, stops, now, prefix, labels) -> list[Row]:
    columns = {key: [] for key in ("received", "within", "share", "median", "p90", "overdue")}
    for period in periods:
        lo, hi = period.bounds(service.tz)
        received = within = decided = overdue = 0
        hours = []
        for q in questions:
            if not lo <= q["received_at"] < hi:
                continue
            received += 1
            due = due_at(q["received_at"], spec)
            responded = first_response(q, stops)
            if responded is not None:
                decided += 1
                within += responded <= due
                elapsed = standard_time_between(q["received_at"], responded, spec)
                hours.append(elapsed.total_seconds() / 3600)
            elif due < now:
                decided += 1
                overdue += q["status"] in Question.WAITING
        columns["received"].append(received)
        columns["within"].append(within)
        columns["share"].append(round(100 * within / decided, 1) if decided else None)
        median = statistics.median(hours) if hours else None
        columns["median"].append(round(median, 1) if median is not None else None)
        p90 = percentile(hours, 0.9)
        columns["p90"].append(round(p90, 1) if p90 is not None else None)
        columns["overdue"].append(overdue)
    return [
        Row(prefix + key, labels[key], columns[column], unit=unit)
        for key, column, unit in (
            ("questions_received" if not prefix else "received", "received", ""),
            ("answered_within", "within", ""),
            ("share_within", "share", "%"),
            ("median_hours", "median", "hours"),
            ("p90_hours", "p90", "hours"),
            ("overdue_now", "overdue", ""),
        )
    ]


def _labels(private: bool) -> dict[str, str]:
    if private:
        return {
            "received": _("Private messages waiting for a reply"),
            "answered_within": _("Private messages: answered within the standard"),
            "share_within": _("Private messages: share answered within the standard"),
            "median_hours": _("Private messages: median time to first reply"),
            "p90_hours": _("Private messages: 90th percentile time to first reply"),
            "overdue_now": _("Private messages still waiting past their due time now"),
        }
    return {
        "questions_received": _("Questions received"),
        "answered_within": _("Answered within the standard"),
        "share_within": _("Share answered within the standard"),
        "median_hours": _("Median time to first response"),
        "p90_hours": _("90th percentile time to first response"),
        "overdue_now": _("Still waiting past their due time now"),
    }


def standard_table(service, periods: list[Period], now: datetime | None = None) -> Table:
    now = now or timezone.now()
    standard = standard_of(service)
    spec = standard.as_spec()
    stops = standard.acknowledgement_stops_clock
    start = min(p.bounds(service.tz)[0] for p in periods)
    end = max(p.bounds(service.tz)[1] for p in periods)
    questions = list(
        Question.objects.filter(service=service, received_at__gte=start, received_at__lt=end)
        .exclude(status=Question.Status.CANCELLED)
        # Imported history's questions were answered outside Passerelle: no clock, no figure.
        .exclude(message__extra__has_key="imported")
        .values("received_at", "answered_at", "acknowledged_at", "status", "source")
    )
    rows = []
    # The toolkit's questions (labelled) keep their keys; private messages waiting for a
    # reply (questions.waiting) are counted apart, so neither kind blurs the other.
    for source, prefix in ((Question.Source.LABELLED, ""), (Question.Source.PRIVATE, "private_")):
        kind = [q for q in questions if q["source"] == source]
        rows += _rows(kind, periods, service, spec, stops, now, prefix, _labels(bool(prefix)))
    return Table(
        key="standard",
        title=_("Service standard"),
        columns=[p.key for p in periods],
        rows=rows,
        periods=periods,
        notes=[_("Standard: %(target)s.") % {"target": describe(service, standard)}],
        extra={"target_hours": standard.target_hours, "counting": standard.counting},
    )
