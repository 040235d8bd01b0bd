"""Reads of the results framework and the plan, inside the role's own service.

Every read needs "read_reports" and fails closed: a role without it, or a row of another
service, reads as nothing (None, an empty list, or 404 for one row).
"""

from __future__ import annotations

from django.http import Http404

from passerelle.evaluation.models import (
    LEVELS,
    EvaluationEvent,
    EvaluationPlan,
    Framework,
    Indicator,
    IndicatorValue,
    LogicItem,
    Result,
)


def _readable(role) -> bool:
    return role is not None and role.can("read_reports")


def framework_for(role) -> Framework | None:
    """The service's framework, or None (no framework yet, or nothing the role may read)."""
    if not _readable(role):
        return None
    return Framework.objects.filter(service_id=role.service_id).first()


def logic_model(framework: Framework | None) -> dict[str, list[LogicItem]]:
    """The statements of each level, in the chain's order, each level in its own order."""
    levels: dict[str, list[LogicItem]] = {level: [] for level in LEVELS}
    if framework is not None:
        for item in framework.items.order_by("position", "id"):
            levels[item.level].append(item)
    return levels


def results_of(framework: Framework | None) -> list[Result]:
    """The framework's rows, by level in the chain's order, with their indicators loaded."""
    if framework is None:
        return []
    results = framework.results.prefetch_related("indicators").order_by("position", "id")
    return sorted(results, key=lambda r: LEVELS.index(r.level))


def _scoped(role, model, **path):
    if not _readable(role):
        return model.objects.none()
    return model.objects.filter(**path)


def item_get(role, item_id) -> LogicItem:
    found = _scoped(role, LogicItem, framework__service_id=role and role.service_id)
    return _one(found.select_related("framework"), item_id)


def result_get(role, result_id) -> Result:
    found = _scoped(role, Result, framework__service_id=role and role.service_id)
    return _one(found.select_related("framework"), result_id)


def indicator_get(role, indicator_id) -> Indicator:
    found = _scoped(role, Indicator, result__framework__service_id=role and role.service_id)
    return _one(found.select_related("result__framework"), indicator_id)


def value_get(role, value_id) -> IndicatorValue:
    found = _scoped(
        role, IndicatorValue, indicator__result__framework__service_id=role and role.service_id
    )
    return _one(found.select_related("indicator__result__framework"), value_id)


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("No such row in this service's framework")
    return found


def values_of(indicator: Indicator) -> list[IndicatorValue]:
    """A hand-entered indicator's values, newest first, with who entered them."""
    return list(indicator.values.select_related("entered_by").order_by("-on", "-id"))


def plan_for(role) -> EvaluationPlan | None:
    """The service's evaluation plan (unsaved and empty before its first save), or None."""
    if not _readable(role):
        return None
    found = EvaluationPlan.objects.filter(service_id=role.service_id).first()
    return found or EvaluationPlan(service_id=role.service_id, org_id=role.org_id)


def events_for(role, limit: int = 200) -> list[EvaluationEvent]:
    """The latest changes to the framework and the plan, newest first."""
    if not _readable(role):
        return []
    events = EvaluationEvent.objects.filter(service_id=role.service_id).select_related("actor")
    return list(events.order_by("-created_at", "-id")[:limit])
