"""Indicators entered by hand: values with their dates, who may enter them, and lateness."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from passerelle.evaluation import services
from passerelle.evaluation.models import EvaluationEvent, IndicatorValue
from passerelle.evaluation.progress import BEHIND, MET, NO_TARGET, ON_TRACK, progress_of
from passerelle.orgs.models import Role
from passerelle.reports.periods import last_months
from passerelle.reports.selectors import today_in
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(framework, admin_role):
    return services.result_add(role=admin_role, level="intermediate", description="Reached")


@pytest.fixture
def today(service):
    return today_in(service)


def _manual(admin_role, row, **fields):
    return services.indicator_add(
        role=admin_role, result=row, **{"name": "Partners met", "frequency": "month", **fields}
    )


def _judge(service, indicator, today):
    return progress_of(service, [indicator], last_months(today, 3), today)[indicator.pk]


def test_a_moderator_records_values_and_a_second_one_that_day_replaces_it(
    service, admin_role, row, today
):
    indicator = _manual(admin_role, row)
    _user, moderator = make_staff(service, Role.MODERATOR)
    services.indicator_value_record(role=moderator, indicator=indicator, on=today, value=Decimal(3))
    services.indicator_value_record(
        role=moderator, indicator=indicator, on=today, value=Decimal(4), note="recount"
    )
    (value,) = IndicatorValue.objects.all()
    assert (value.value, value.note, value.entered_by) == (4, "recount", moderator.user)
    kinds = list(EvaluationEvent.objects.filter(subject="value").values_list("kind", flat=True))
    assert sorted(kinds) == ["added", "changed"]
    changed = EvaluationEvent.objects.get(subject="value", kind="changed")
    assert changed.data["before"] == {"value": "3", "note": ""}
    assert changed.data["after"] == {"value": "4", "note": "recount"}
    services.indicator_value_delete(role=moderator, value=value)
    assert not IndicatorValue.objects.exists()
    assert EvaluationEvent.objects.filter(subject="value", kind="deleted").count() == 1


def test_values_are_refused_in_the_future_for_metrics_and_for_viewers(
    service, admin_role, row, today
):
    indicator = _manual(admin_role, row)
    with pytest.raises(ValidationError):
        services.indicator_value_record(
            role=admin_role, indicator=indicator, on=today + timedelta(days=1), value=Decimal(1)
        )
    bound = _manual(admin_role, row, metric="members_total")
    with pytest.raises(ValidationError):
        services.indicator_value_record(role=admin_role, indicator=bound, on=today, value=1)
    _user, viewer = make_staff(service, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.indicator_value_record(role=viewer, indicator=indicator, on=today, value=1)


def test_a_hand_entered_indicator_is_late_after_its_frequency(service, admin_role, row, today):
    indicator = _manual(admin_role, row)
    got = _judge(service, indicator, today)
    assert got.status == NO_TARGET and got.notes == ["No value entered yet."]
    later = _judge(service, indicator, today + timedelta(days=32))
    assert later.status == BEHIND
    assert later.reasons == ["No value entered yet (expected: every month)."]
    services.indicator_value_record(
        role=admin_role, indicator=indicator, on=today - timedelta(days=20), value=Decimal(2)
    )
    assert _judge(service, indicator, today).status == NO_TARGET
    stale = _judge(service, indicator, today + timedelta(days=12))
    assert stale.status == BEHIND and stale.reasons[0].startswith("No value entered since ")
    quarterly = _manual(admin_role, row, frequency="quarter")
    services.indicator_value_record(
        role=admin_role, indicator=quarterly, on=today, value=Decimal(2)
    )
    assert _judge(service, quarterly, today + timedelta(days=60)).status == NO_TARGET


def test_a_value_collected_once_meets_its_dated_target(service, admin_role, row, today):
    running = _manual(
        admin_role,
        row,
        name="The service is running",
        frequency="once",
        target_value=Decimal(1),
        target_by=today + timedelta(days=90),
    )
    assert _judge(service, running, today).status == ON_TRACK
    overdue = _judge(service, running, today + timedelta(days=91))
    assert overdue.status == BEHIND and overdue.reasons[0].endswith("not met: —.")
    services.indicator_value_record(role=admin_role, indicator=running, on=today, value=1)
    assert _judge(service, running, today).status == MET
    assert _judge(service, running, today + timedelta(days=91)).status == MET


def test_each_period_shows_the_latest_value_dated_in_it(service, admin_role, row, today):
    indicator = _manual(admin_role, row, target_value=Decimal(10))
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    for day, value in ((1, 12), (15, 4)):
        services.indicator_value_record(
            role=admin_role, indicator=indicator, on=last_month.replace(day=day), value=value
        )
    got = _judge(service, indicator, today)
    assert [p.value for p in got.points] == [None, 4.0, None]
    assert [p.meets for p in got.points] == [None, False, None]
    # Judged on its latest value: 4, below the target of 10.
    assert got.status == BEHIND
