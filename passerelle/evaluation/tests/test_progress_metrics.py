"""Indicators bound to built-in metrics: their values come from the service's own records
(memberships, messages), and they are behind exactly when the rules say."""

from datetime import date
from decimal import Decimal

import pytest

from passerelle.evaluation import services
from passerelle.evaluation.progress import BEHIND, MET, NO_TARGET, ON_TRACK, progress_of
from passerelle.evaluation.tests.helpers import join, leave, local, talk
from passerelle.reports.periods import split

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 15)
SHOWN = split(date(2025, 3, 1), date(2025, 7, 31), "month")


@pytest.fixture
def history(service):
    """3 join in April, 2 in May (one of April's leaves in May), 1 in June; 2 talk in May."""
    april = join(service, 3, local(2025, 4, 10))
    may = join(service, 2, local(2025, 5, 3))
    leave(april[0], local(2025, 5, 20))
    join(service, 1, local(2025, 6, 30, 23, 30))  # the last evening of June, local time
    talk(service, may, local(2025, 5, 21))
    talk(service, may[:1], local(2025, 5, 22))
    return april, may


@pytest.fixture
def row(framework, admin_role):
    return services.result_add(role=admin_role, level="short_term", description="Used")


def _add(admin_role, row, **fields):
    defaults = {"name": "Indicator", "frequency": "month"}
    return services.indicator_add(role=admin_role, result=row, **{**defaults, **fields})


def _progress(service, indicator, today=TODAY, periods=SHOWN):
    return progress_of(service, [indicator], periods, today)[indicator.pk]


def test_values_are_the_metric_of_each_period(service, history, admin_role, row):
    totals = _add(admin_role, row, metric="members_total")
    new = _add(admin_role, row, metric="members_new")
    talking = _add(admin_role, row, metric="participants")
    got = progress_of(service, [totals, new, talking], SHOWN, TODAY)
    assert [p.value for p in got[totals.pk].points] == [0, 3, 4, 5, 5]
    assert [p.value for p in got[new.pk].points] == [0, 3, 2, 1, 0]
    assert [p.value for p in got[talking.pk].points] == [0, 0, 2, 0, 0]
    assert [p.running for p in got[totals.pk].points] == [False] * 4 + [True]
    assert got[new.pk].status == NO_TARGET and not got[new.pk].reasons


def test_a_direction_is_judged_on_the_last_two_periods_that_are_over(
    service, history, admin_role, row
):
    # May 4 → June 5: grew. The month under way (July, still 5) does not count.
    grows = _add(admin_role, row, metric="members_total", direction="up")
    assert _progress(service, grows).status == ON_TRACK
    # In August, June 5 → July 5: it did not grow.
    late = _progress(service, grows, today=date(2025, 8, 2))
    assert late.status == BEHIND
    assert late.reasons == ["Did not grow: 5 in June 2025, 5 in July 2025."]
    # Shown periods flag where it went against its direction (May→June grew, June→July not).
    assert [p.against for p in late.points] == [False, False, False, False, True]
    falls = _add(admin_role, row, metric="members_new", direction="down")
    assert _progress(service, falls).status == ON_TRACK  # 2 in May, 1 in June
    quarterly = _add(admin_role, row, metric="members_total", direction="up", frequency="quarter")
    assert _progress(service, quarterly).status == ON_TRACK  # Q1 0 → Q2 5


def test_a_dated_target_is_behind_once_its_date_passed_unmet(service, history, admin_role, row):
    missed = _add(
        admin_role,
        row,
        metric="members_total",
        target_value=Decimal(500),
        target_by=date(2025, 6, 30),
    )
    got = _progress(service, missed)
    assert got.status == BEHIND
    assert got.reasons == ["Target at least 500 by June 30, 2025 not met: 5."]
    # Members on the day itself: the member who joined that evening counts, July's would not.
    met = _add(
        admin_role,
        row,
        metric="members_total",
        target_value=Decimal(5),
        target_by=date(2025, 6, 30),
    )
    assert _progress(service, met).status == MET
    before = _add(
        admin_role,
        row,
        metric="members_total",
        target_value=Decimal(5),
        target_by=date(2025, 6, 29),
    )
    assert _progress(service, before).status == BEHIND
    ahead = _add(
        admin_role,
        row,
        metric="members_total",
        target_value=Decimal(500),
        target_by=date(2026, 3, 31),
    )
    got = _progress(service, ahead)
    assert got.status == ON_TRACK and got.notes == ["Due by March 31, 2026; now 5."]
    early = _add(
        admin_role,
        row,
        metric="members_total",
        target_value=Decimal(4),
        target_by=date(2026, 3, 31),
    )
    assert _progress(service, early).status == MET


def test_a_target_without_a_date_holds_for_the_last_period_over(service, history, admin_role, row):
    monthly = _add(admin_role, row, metric="members_new", target_value=Decimal(2))
    got = _progress(service, monthly)  # June: 1 new member
    assert got.status == BEHIND
    assert got.reasons == ["Missed its target of at least 2 in June 2025: 1."]
    assert [p.meets for p in got.points] == [False, True, True, False, False]
    at_most = _add(
        admin_role, row, metric="members_new", target_value=Decimal(1), target_comparison="at_most"
    )
    assert _progress(service, at_most).status == ON_TRACK


def test_a_service_with_no_members_is_behind_on_growth(service, framework, admin_role):
    row = services.result_add(role=admin_role, level="short_term", description="Used")
    grows = _add(admin_role, row, metric="members_total", direction="up")
    assert _progress(service, grows).status == BEHIND
    # Growth as a share is meaningless with no members: no value, not zero.
    growth = _add(admin_role, row, metric="members_growth", target_value=Decimal(1))
    got = _progress(service, growth)
    assert {p.value for p in got.points} == {None}
    assert got.status == ON_TRACK and got.notes == ["No value yet to compare with the target."]


def test_every_indicator_of_a_metric_costs_one_pass(
    service, history, admin_role, row, django_assert_max_num_queries
):
    indicators = [_add(admin_role, row, metric="members_new", direction="up") for _ in range(5)]
    with django_assert_max_num_queries(12):
        progress_of(service, indicators, SHOWN, TODAY)
