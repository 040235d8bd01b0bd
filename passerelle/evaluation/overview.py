"""The whole framework as a role reads it: what the page, the printable page and the exports
render, so they can never disagree."""

from __future__ import annotations

import dataclasses
from datetime import date

from passerelle.evaluation import selectors
from passerelle.evaluation.models import EvaluationPlan, Framework, LogicItem, Result
from passerelle.evaluation.progress import Progress, progress_of
from passerelle.orgs.permissions import require
from passerelle.reports.periods import Period
from passerelle.reports.selectors import today_in


@dataclasses.dataclass
class ResultRow:
    result: Result
    indicators: list[Progress]


@dataclasses.dataclass
class Overview:
    service: object
    framework: Framework | None
    levels: dict[str, list[LogicItem]]
    results: list[ResultRow]
    periods: list[Period]
    plan: EvaluationPlan
    today: date

    @property
    def indicators(self) -> list[Progress]:
        return [p for row in self.results for p in row.indicators]

    @property
    def behind(self) -> list[Progress]:
        return [p for p in self.indicators if p.behind]


def overview_for(role, periods: list[Period], today: date | None = None) -> Overview:
    """The framework, each indicator over `periods` and its status as of today."""
    require(role, "read_reports")
    framework = selectors.framework_for(role)
    plan = selectors.plan_for(role)
    service = role.service
    today = today or today_in(service)
    results = selectors.results_of(framework)
    indicators = [i for r in results for i in r.indicators.all()]
    progress = progress_of(service, indicators, periods, today)
    return Overview(
        service=service,
        framework=framework,
        levels=selectors.logic_model(framework),
        results=[ResultRow(r, [progress[i.pk] for i in r.indicators.all()]) for r in results],
        periods=periods,
        plan=plan,
        today=today,
    )
