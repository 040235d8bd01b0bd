"""Starting a framework from the toolkit's example, editing, moving and deleting its rows:
every write is done by a service and leaves an event row (who, what, when)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from passerelle.evaluation import services
from passerelle.evaluation.models import (
    EvaluationEvent,
    EvaluationPlan,
    Framework,
    Indicator,
    LogicItem,
    Result,
)
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def _levels(framework):
    return list(framework.items.values_list("level", flat=True).order_by("level").distinct())


def test_start_from_the_toolkit_example(admin_role, service):
    framework = services.framework_start(role=admin_role, from_example=True, language="en")
    assert framework.started_from == Framework.Start.TOOLKIT
    assert sorted(_levels(framework)) == sorted(
        ["activity", "output", "short_term", "intermediate", "long_term"]
    )
    activities = list(
        framework.items.filter(level="activity").values_list("description", flat=True)
    )
    assert activities[0] == "Choose the digital messaging tool" and len(activities) == 10
    results = list(framework.results.order_by("position"))
    assert [r.level for r in results] == ["output", "short_term", "intermediate", "long_term"]
    participants = Indicator.objects.get(name="Number of participants")
    assert participants.metric == "members_total" and participants.target_value == 500
    # A year after the framework starts, at the end of that month (the toolkit's "by March 2022").
    assert participants.target_by.day != 0 and participants.target_by > date.today()
    growth = Indicator.objects.get(metric="members_total", direction="up")
    assert growth.result == participants.result
    running = Indicator.objects.get(frequency="once")
    assert running.metric == "" and running.target_value == 1
    plan = EvaluationPlan.objects.get(service=service)
    assert plan.key_questions.startswith("Did the service achieve")
    (event,) = EvaluationEvent.objects.all()
    assert (event.kind, event.subject, event.actor) == ("started", "framework", admin_role.user)
    assert event.data["items"] == 14 and event.data["indicators"] == 5


def test_the_example_keeps_a_plan_already_written(admin_role, service):
    services.plan_update(role=admin_role, purpose="Ours")
    services.framework_start(role=admin_role, from_example=True, language="en")
    plan = EvaluationPlan.objects.get(service=service)
    assert plan.purpose == "Ours" and plan.reasons.startswith("Evaluate the pilot")


@pytest.mark.parametrize(
    "language, word",
    [("fr", "Choisir l'outil de messagerie numérique"), ("ar", "اختيار أداة المراسلة الرقمية")],
)
def test_the_example_is_written_in_the_staff_language(admin_role, language, word):
    framework = services.framework_start(role=admin_role, from_example=True, language=language)
    assert framework.items.filter(description=word).exists()
    assert translation.get_language() == "en"  # the request's language is left as it was


def test_a_service_has_one_framework(admin_role):
    services.framework_start(role=admin_role, from_example=False)
    with pytest.raises(ValidationError):
        services.framework_start(role=admin_role, from_example=True)
    assert Framework.objects.count() == 1


def test_moderators_and_viewers_cannot_edit(service, framework):
    for role in (Role.MODERATOR, Role.VIEWER):
        _user, staff = make_staff(service, role)
        with pytest.raises(PermissionDenied):
            services.logic_item_add(role=staff, level="activity", description="x")
        with pytest.raises(PermissionDenied):
            services.plan_update(role=staff, purpose="x")


def test_edit_move_and_delete_statements_with_events(admin_role, framework):
    a = services.logic_item_add(role=admin_role, level="activity", description="Create the group")
    b = services.logic_item_add(role=admin_role, level="activity", description="Moderate it")
    services.logic_item_add(role=admin_role, level="output", description="A group")
    assert (a.position, b.position) == (1, 2)
    assert services.logic_item_move(role=admin_role, item=b, offset=-1)
    assert list(framework.items.filter(level="activity").values_list("description", flat=True)) == [
        "Moderate it",
        "Create the group",
    ]
    assert not services.logic_item_move(
        role=admin_role, item=LogicItem.objects.get(pk=b.pk), offset=-1
    )
    services.logic_item_update(role=admin_role, item=a, level="output", description="Created")
    a.refresh_from_db()
    assert (a.level, a.position) == ("output", 2)  # the end of its new level
    changed = EvaluationEvent.objects.filter(kind="changed").get()
    assert changed.data == {
        "before": {"level": "activity", "description": "Create the group"},
        "after": {"level": "output", "description": "Created"},
    }
    a_id = a.pk
    services.logic_item_delete(role=admin_role, item=a)
    deleted = EvaluationEvent.objects.filter(kind="deleted").get()
    assert deleted.subject_id == a_id and deleted.data["before"]["description"] == "Created"
    assert list(EvaluationEvent.objects.values_list("kind", flat=True).order_by("id")) == [
        "started",
        "added",
        "added",
        "added",
        "moved",
        "changed",
        "deleted",
    ]


def test_indicators_are_checked(admin_role, framework):
    row = services.result_add(role=admin_role, level="short_term", description="Used")
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(role=admin_role, result=row, name="x", metric="no_such_metric")
    assert "metric" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(
            role=admin_role, result=row, name="x", frequency="once", direction="up"
        )
    assert "direction" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.indicator_add(role=admin_role, result=row, name="x", target_by=date(2027, 1, 1))
    assert "target_value" in exc.value.message_dict
    bound = services.indicator_add(
        role=admin_role, result=row, name="Members", metric="members_total", unit="people"
    )
    assert bound.unit == ""  # a metric has its own unit
    services.indicator_update(
        role=admin_role, indicator=bound, target_value=Decimal("500"), target_by=date(2027, 3, 31)
    )
    event = EvaluationEvent.objects.filter(subject="indicator", kind="changed").get()
    assert event.data == {
        "before": {"target_value": None, "target_by": None},
        "after": {"target_value": "500", "target_by": "2027-03-31"},
    }


def test_deleting_a_result_deletes_its_indicators_and_says_which(admin_role, framework):
    row = services.result_add(role=admin_role, level="output", description="Running")
    services.indicator_add(role=admin_role, result=row, name="Running (1 = yes)", frequency="once")
    services.result_delete(role=admin_role, result=row)
    assert not Result.objects.exists() and not Indicator.objects.exists()
    event = EvaluationEvent.objects.filter(kind="deleted").get()
    assert event.data["indicators"] == ["Running (1 = yes)"]


def test_plan_changes_are_recorded_field_by_field(admin_role, service):
    services.plan_update(role=admin_role, purpose="Learn", next_evaluation_on=date(2027, 6, 1))
    services.plan_update(role=admin_role, purpose="Learn", timing="After a year")
    services.plan_update(role=admin_role, purpose="Learn")  # no change: no event
    events = list(EvaluationEvent.objects.filter(subject="plan").order_by("id"))
    assert [e.data["after"] for e in events] == [
        {"purpose": "Learn", "next_evaluation_on": "2027-06-01"},
        {"timing": "After a year"},
    ]
    plan = EvaluationPlan.objects.get(service=service)
    assert plan.updated_by == admin_role.user


def test_rows_and_indicators_move_within_their_list(admin_role, framework):
    first = services.result_add(role=admin_role, level="output", description="A")
    second = services.result_add(role=admin_role, level="output", description="B")
    other = services.result_add(role=admin_role, level="long_term", description="C")
    assert services.result_move(role=admin_role, result=second, offset=-1)
    assert not services.result_move(role=admin_role, result=other, offset=-1)  # alone in its level
    assert list(framework.results.filter(level="output").order_by("position")) == [second, first]
    one = services.indicator_add(role=admin_role, result=first, name="one")
    two = services.indicator_add(role=admin_role, result=first, name="two")
    assert services.indicator_move(role=admin_role, indicator=one, offset=1)
    assert list(first.indicators.order_by("position")) == [two, one]
    assert EvaluationEvent.objects.filter(kind="moved").count() == 2


def test_the_example_names_the_service_audience(admin_role, service):
    service.audience = "Arabic-speaking newcomers in Ottawa\nand their sponsors"
    service.save()
    framework = services.framework_start(role=admin_role, from_example=True, language="en")
    output = framework.items.get(level="output").description
    assert output == "A digital messaging group running for Arabic-speaking newcomers in Ottawa"
