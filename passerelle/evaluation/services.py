"""Writes to the results framework and the evaluation plan: the only writer of their tables.

Every function checks the role's capability in the row's own service, owns its
transaction and writes an `EvaluationEvent` (who, what, when, before and after).
Editing the framework and the plan needs "configure" (administrators); entering the value
of a hand-entered indicator needs "record_indicators" (administrators and moderators:
the toolkit's example has the moderator collect the data).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from passerelle.evaluation import example
from passerelle.evaluation.events import diff, event_record, snapshot
from passerelle.evaluation.models import (
    EvaluationEvent,
    EvaluationPlan,
    Framework,
    Indicator,
    IndicatorValue,
    LogicItem,
    Result,
)
from passerelle.evaluation.ordering import move_in_list, next_position
from passerelle.orgs.permissions import require
from passerelle.reports.metrics import METRICS

Subject = EvaluationEvent.Subject
Kind = EvaluationEvent.Kind

ITEM_FIELDS = ("level", "description")
RESULT_FIELDS = ("level", "description")
INDICATOR_FIELDS = (
    "name",
    "metric",
    "unit",
    "frequency",
    "target_value",
    "target_comparison",
    "target_by",
    "direction",
    "data_source",
    "collected_by",
)
VALUE_FIELDS = ("on", "value", "note")
PLAN_FIELDS = (
    "purpose",
    "reasons",
    "timing",
    "next_evaluation_on",
    "key_questions",
    "data_sources",
    "evaluators",
    "principles",
    "sharing",
)


def _framework(role) -> Framework:
    framework = Framework.objects.filter(service_id=role.service_id).first()
    if framework is None:
        raise ValidationError(_("Start the results framework first."))
    return framework


# -- the framework -------------------------------------------------------------------


def framework_start(*, role, from_example: bool, language: str = "") -> Framework:
    """Create the service's framework, empty or with the toolkit's example rows and plan."""
    require(role, "configure")
    service = role.service
    now = timezone.now()
    language = language or translation.get_language() or service.default_language
    try:
        with transaction.atomic():
            framework = Framework.objects.create(
                org_id=role.org_id,
                service=service,
                started_from=Framework.Start.TOOLKIT if from_example else Framework.Start.EMPTY,
                language=language,
                created_by=role.user,
                created_at=now,
            )
            counts = {}
            if from_example:
                with translation.override(language):
                    counts = _example_add(role, framework, now)
            event_record(role, Kind.STARTED, Subject.FRAMEWORK, framework.pk, counts, at=now)
    except IntegrityError:
        raise ValidationError(_("This service already has a results framework.")) from None
    return framework


def _example_add(role, framework, now) -> dict:
    service = framework.service
    today = now.astimezone(service.tz).date()
    common = {"org_id": role.org_id, "framework": framework}
    items = [
        LogicItem(level=level, position=position, description=text, **common)
        for level, texts in example.logic_model(service).items()
        for position, text in enumerate(texts, start=1)
    ]
    LogicItem.objects.bulk_create(items)
    indicators = 0
    for position, row in enumerate(example.measurement_framework(service, today), start=1):
        result = Result.objects.create(
            level=row.level, position=position, description=row.description, **common
        )
        Indicator.objects.bulk_create(
            Indicator(
                org_id=role.org_id,
                result=result,
                position=n,
                created_at=now,
                **{name: getattr(spec, name) for name in INDICATOR_FIELDS if hasattr(spec, name)},
            )
            for n, spec in enumerate(row.indicators, start=1)
        )
        indicators += len(row.indicators)
    plan, _created = EvaluationPlan.objects.get_or_create(
        service=service, defaults={"org_id": role.org_id}
    )
    # A plan someone already wrote keeps every word: the example fills only what is empty.
    filled = {k: v for k, v in example.plan().items() if not getattr(plan, k)}
    if filled:
        for name, text in filled.items():
            setattr(plan, name, text)
        plan.updated_by, plan.updated_at = role.user, now
        plan.save()
    return {
        "from": Framework.Start.TOOLKIT,
        "language": framework.language,
        "items": len(items),
        "results": framework.results.count(),
        "indicators": indicators,
        "plan_fields": sorted(filled),
    }


# -- the logic model ------------------------------------------------------------------


def logic_item_add(*, role, level: str, description: str) -> LogicItem:
    """Add a statement at the end of its level."""
    require(role, "configure")
    with transaction.atomic():
        framework = _framework(role)
        item = LogicItem(org_id=role.org_id, framework=framework, level=level)
        item.description = description
        item.position = next_position(framework.items.filter(level=level))
        item.full_clean()
        item.save()
        event_record(
            role, Kind.ADDED, Subject.LOGIC_ITEM, item.pk, {"after": snapshot(item, ITEM_FIELDS)}
        )
    return item


def logic_item_update(*, role, item: LogicItem, level: str, description: str) -> LogicItem:
    """Change a statement; moved to another level, it goes to the end of that level."""
    require(role, "configure", service_id=item.framework.service_id)
    with transaction.atomic():
        before = snapshot(item, ITEM_FIELDS)
        if level != item.level:
            item.position = next_position(item.framework.items.filter(level=level))
        item.level, item.description = level, description
        item.full_clean()
        item.save()
        event_record(
            role,
            Kind.CHANGED,
            Subject.LOGIC_ITEM,
            item.pk,
            diff(before, snapshot(item, ITEM_FIELDS)),
        )
    return item


def logic_item_delete(*, role, item: LogicItem) -> None:
    """Delete a statement of the logic model."""
    require(role, "configure", service_id=item.framework.service_id)
    with transaction.atomic():
        event_record(
            role,
            Kind.DELETED,
            Subject.LOGIC_ITEM,
            item.pk,
            {"before": snapshot(item, ITEM_FIELDS)},
        )
        item.delete()


def logic_item_move(*, role, item: LogicItem, offset: int) -> bool:
    """Move a statement one place up (-1) or down (+1) within its level."""
    require(role, "configure", service_id=item.framework.service_id)
    with transaction.atomic():
        moved = move_in_list(item.framework.items.filter(level=item.level), item, offset)
        if moved:
            event_record(role, Kind.MOVED, Subject.LOGIC_ITEM, item.pk, {"offset": offset})
    return moved


# -- the performance measurement framework --------------------------------------------


def result_add(*, role, level: str, description: str) -> Result:
    """Add a row (a result at one level) at the end of the framework."""
    require(role, "configure")
    with transaction.atomic():
        framework = _framework(role)
        result = Result(org_id=role.org_id, framework=framework, level=level)
        result.description = description
        result.position = next_position(framework.results.all())
        result.full_clean()
        result.save()
        event_record(
            role, Kind.ADDED, Subject.RESULT, result.pk, {"after": snapshot(result, RESULT_FIELDS)}
        )
    return result


def result_update(*, role, result: Result, level: str, description: str) -> Result:
    """Change a row's level or description."""
    require(role, "configure", service_id=result.framework.service_id)
    with transaction.atomic():
        before = snapshot(result, RESULT_FIELDS)
        result.level, result.description = level, description
        result.full_clean()
        result.save()
        event_record(
            role,
            Kind.CHANGED,
            Subject.RESULT,
            result.pk,
            diff(before, snapshot(result, RESULT_FIELDS)),
        )
    return result


def result_delete(*, role, result: Result) -> None:
    """Delete a row with its indicators and their values."""
    require(role, "configure", service_id=result.framework.service_id)
    with transaction.atomic():
        data = {
            "before": snapshot(result, RESULT_FIELDS),
            "indicators": [i.name for i in result.indicators.all()],
        }
        event_record(role, Kind.DELETED, Subject.RESULT, result.pk, data)
        result.delete()


def result_move(*, role, result: Result, offset: int) -> bool:
    """Move a row one place up (-1) or down (+1) among rows of its level."""
    require(role, "configure", service_id=result.framework.service_id)
    with transaction.atomic():
        moved = move_in_list(result.framework.results.filter(level=result.level), result, offset)
        if moved:
            event_record(role, Kind.MOVED, Subject.RESULT, result.pk, {"offset": offset})
    return moved


def _indicator_check(indicator: Indicator) -> None:
    errors = {}
    if indicator.metric and indicator.metric not in METRICS:
        errors["metric"] = _("Unknown metric.")
    if indicator.metric:
        # A built-in metric has its own unit; a unit typed for it would contradict it.
        indicator.unit = ""
        if indicator.frequency == Indicator.Frequency.ONCE:
            errors["frequency"] = _("A built-in metric is counted every period: choose how often.")
    if indicator.direction and indicator.frequency == Indicator.Frequency.ONCE:
        errors["direction"] = _("A value collected once has no direction from period to period.")
    if indicator.target_by and indicator.target_value is None:
        errors["target_value"] = _("Give the target value the date is for.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean(exclude=["result"])


def indicator_add(*, role, result: Result, **fields) -> Indicator:
    """Add an indicator to a row, bound to a metric (`metric`) or entered by hand."""
    require(role, "configure", service_id=result.framework.service_id)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"not indicator fields: {sorted(unknown)}")
    with transaction.atomic():
        indicator = Indicator(org_id=role.org_id, result=result, created_at=timezone.now())
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.position = next_position(result.indicators.all())
        _indicator_check(indicator)
        indicator.save()
        data = {"after": snapshot(indicator, INDICATOR_FIELDS), "result": result.pk}
        event_record(role, Kind.ADDED, Subject.INDICATOR, indicator.pk, data)
    return indicator


def indicator_update(*, role, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator: its name, binding, target, source, who collects, how often."""
    require(role, "configure", service_id=indicator.result.framework.service_id)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"not indicator fields: {sorted(unknown)}")
    with transaction.atomic():
        before = snapshot(indicator, INDICATOR_FIELDS)
        for name, value in fields.items():
            setattr(indicator, name, value)
        _indicator_check(indicator)
        indicator.save()
        data = diff(before, snapshot(indicator, INDICATOR_FIELDS))
        event_record(role, Kind.CHANGED, Subject.INDICATOR, indicator.pk, data)
    return indicator


def indicator_delete(*, role, indicator: Indicator) -> None:
    """Delete an indicator and the values entered for it."""
    require(role, "configure", service_id=indicator.result.framework.service_id)
    with transaction.atomic():
        data = {
            "before": snapshot(indicator, INDICATOR_FIELDS),
            "values": indicator.values.count(),
        }
        event_record(role, Kind.DELETED, Subject.INDICATOR, indicator.pk, data)
        indicator.delete()


def indicator_move(*, role, indicator: Indicator, offset: int) -> bool:
    """Move an indicator one place up (-1) or down (+1) within its row."""
    require(role, "configure", service_id=indicator.result.framework.service_id)
    with transaction.atomic():
        moved = move_in_list(indicator.result.indicators.all(), indicator, offset)
        if moved:
            event_record(role, Kind.MOVED, Subject.INDICATOR, indicator.pk, {"offset": offset})
    return moved


# -- values entered by hand -----------------------------------------------------------


def indicator_value_record(
    *, role, indicator: Indicator, on: date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Record a hand-entered indicator's value on a day (a second value that day replaces it)."""
    require(role, "record_indicators", service_id=indicator.result.framework.service_id)
    if not indicator.is_manual:
        raise ValidationError(_("This indicator is counted by Passerelle: it takes no values."))
    now = timezone.now()
    if on > now.astimezone(role.service.tz).date():
        raise ValidationError({"on": _("A value cannot be dated in the future.")})
    with transaction.atomic():
        found = (
            IndicatorValue.objects.select_for_update().filter(indicator=indicator, on=on).first()
        )
        entry = found or IndicatorValue(org_id=role.org_id, indicator=indicator, on=on)
        before = snapshot(entry, VALUE_FIELDS) if found else None
        entry.value, entry.note = value, note
        entry.entered_by, entry.entered_at = role.user, now
        entry.full_clean(exclude=["indicator"])
        entry.save()
        after = snapshot(entry, VALUE_FIELDS)
        data = diff(before, after) if found else {"after": after}
        data["indicator"] = indicator.pk
        event_record(
            role, Kind.CHANGED if found else Kind.ADDED, Subject.VALUE, entry.pk, data, at=now
        )
    return entry


def indicator_value_delete(*, role, value: IndicatorValue) -> None:
    """Delete a value entered by hand."""
    require(role, "record_indicators", service_id=value.indicator.result.framework.service_id)
    with transaction.atomic():
        data = {"before": snapshot(value, VALUE_FIELDS), "indicator": value.indicator_id}
        event_record(role, Kind.DELETED, Subject.VALUE, value.pk, data)
        value.delete()


# -- the evaluation plan --------------------------------------------------------------


def plan_update(*, role, **fields) -> EvaluationPlan:
    """Change the evaluation plan's fields (created on its first save)."""
    require(role, "configure")
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"not plan fields: {sorted(unknown)}")
    now = timezone.now()
    with transaction.atomic():
        plan, _created = EvaluationPlan.objects.select_for_update().get_or_create(
            service_id=role.service_id, defaults={"org_id": role.org_id}
        )
        before = snapshot(plan, PLAN_FIELDS)
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.full_clean()
        data = diff(before, snapshot(plan, PLAN_FIELDS))
        if data["after"]:
            plan.updated_by, plan.updated_at = role.user, now
            plan.save()
            event_record(role, Kind.CHANGED, Subject.PLAN, plan.pk, data, at=now)
    return plan
