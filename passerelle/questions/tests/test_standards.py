"""Service-standard due dates: business hours, business days, holidays, DST.

Plain functions, no database: ``standards`` does not import Django.
"""

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passerelle.questions import standards
from passerelle.questions.standards import (
    BUSINESS_DAYS,
    BUSINESS_HOURS,
    StandardSpec,
    business_time_between,
    due_at,
    is_open,
    next_opening,
)

TORONTO = "America/Toronto"
TZ = ZoneInfo(TORONTO)
H = timedelta(hours=1)


def t(y, m, d, hh=0, mm=0, fold=0):
    """A Toronto wall-clock moment."""
    return datetime(y, m, d, hh, mm, tzinfo=TZ, fold=fold)


def weekdays(counting, target=24, **kw):
    return StandardSpec.weekdays(target_hours=target, counting=counting, timezone=TORONTO, **kw)


def every_day(periods, counting, target=24, **kw):
    return StandardSpec(
        target_hours=target,
        counting=counting,
        opening_hours={d: list(periods) for d in range(7)},
        timezone=TORONTO,
        **kw,
    )


def assert_same(result, expected):
    """Same instant, same offset, in the standard's zone (``==`` on one tzinfo ignores fold)."""
    assert result.tzinfo is not None
    assert result.tzinfo.key == TORONTO
    assert result.astimezone(UTC) == expected.astimezone(UTC)
    assert result.utcoffset() == expected.utcoffset()


SPLIT = {d: [(time(9), time(12)), (time(13), time(17))] for d in range(5)}
OVERNIGHT = {d: [(time(20), time(2))] for d in range(5)}

# ---------------------------------------------------------------- business days (acceptance)

# July 2026: Wed 1 is Canada Day (federal), Thu 9, Fri 10, Sat 11, Sun 12, Mon 13.
BUSINESS_DAY_CASES = [
    ("thursday to friday", 24, t(2026, 7, 9, 10), t(2026, 7, 10, 10)),
    ("friday to monday", 24, t(2026, 7, 10, 10), t(2026, 7, 13, 10)),
    ("friday after closing", 24, t(2026, 7, 10, 17, 30), t(2026, 7, 14, 9)),
    ("friday at closing instant", 24, t(2026, 7, 10, 17), t(2026, 7, 14, 9)),
    ("saturday", 24, t(2026, 7, 11, 12), t(2026, 7, 14, 9)),
    ("sunday", 24, t(2026, 7, 12, 23, 59), t(2026, 7, 14, 9)),
    ("before opening", 24, t(2026, 7, 6, 8), t(2026, 7, 7, 9)),
    ("at opening instant", 24, t(2026, 7, 6, 9), t(2026, 7, 7, 9)),
    ("on canada day", 24, t(2026, 7, 1, 11), t(2026, 7, 3, 9)),
    ("over canada day", 24, t(2026, 6, 30, 10), t(2026, 7, 2, 10)),
    ("48 hours", 48, t(2026, 7, 9, 10), t(2026, 7, 13, 10)),
    ("remainder after closing", 36, t(2026, 7, 9, 10), t(2026, 7, 10, 22)),
    ("under a day", 5, t(2026, 7, 9, 15), t(2026, 7, 9, 20)),
    ("zero hours", 0, t(2026, 7, 11, 12), t(2026, 7, 13, 9)),
]


@pytest.mark.parametrize(
    "target,received,expected",
    [c[1:] for c in BUSINESS_DAY_CASES],
    ids=[c[0] for c in BUSINESS_DAY_CASES],
)
def test_business_days(target, received, expected):
    assert_same(due_at(received, weekdays(BUSINESS_DAYS, target)), expected)


# ---------------------------------------------------------------- business hours

BUSINESS_HOUR_CASES = [
    ("monday 9:00 plus 24h", 24, t(2026, 7, 6, 9), t(2026, 7, 8, 17)),
    ("at closing instant", 24, t(2026, 7, 6, 17), t(2026, 7, 9, 17)),
    ("before opening", 24, t(2026, 7, 6, 8), t(2026, 7, 8, 17)),
    ("friday afternoon", 24, t(2026, 7, 10, 13), t(2026, 7, 15, 13)),
    ("saturday", 24, t(2026, 7, 11, 12), t(2026, 7, 15, 17)),
    ("over canada day", 24, t(2026, 6, 30, 9), t(2026, 7, 3, 17)),
    ("48 hours", 48, t(2026, 7, 6, 9), t(2026, 7, 13, 17)),
    ("one hour over closing", 1, t(2026, 7, 6, 16, 30), t(2026, 7, 7, 9, 30)),
    ("zero hours while closed", 0, t(2026, 7, 6, 18), t(2026, 7, 7, 9)),
]


@pytest.mark.parametrize(
    "target,received,expected",
    [c[1:] for c in BUSINESS_HOUR_CASES],
    ids=[c[0] for c in BUSINESS_HOUR_CASES],
)
def test_business_hours(target, received, expected):
    spec = weekdays(BUSINESS_HOURS, target)
    due = due_at(received, spec)
    assert_same(due, expected)
    assert business_time_between(received, due, spec) == target * H


def test_is_open_and_next_opening():
    spec = weekdays(BUSINESS_HOURS)
    assert is_open(t(2026, 7, 6, 9), spec)
    assert is_open(datetime(2026, 7, 6, 16, 59, 59, tzinfo=TZ), spec)
    assert not is_open(t(2026, 7, 6, 17), spec)  # closing instant is closed
    assert not is_open(t(2026, 7, 6, 8, 59), spec)
    assert not is_open(t(2026, 7, 11, 12), spec)
    assert not is_open(t(2026, 7, 1, 10), spec)  # Canada Day
    assert_same(next_opening(t(2026, 7, 6, 10, 15), spec), t(2026, 7, 6, 10, 15))
    assert_same(next_opening(t(2026, 7, 10, 17), spec), t(2026, 7, 13, 9))
    assert_same(next_opening(t(2026, 6, 30, 17), spec), t(2026, 7, 2, 9))


def test_business_time_between():
    spec = weekdays(BUSINESS_HOURS)
    assert business_time_between(t(2026, 7, 6), t(2026, 7, 13), spec) == 40 * H
    assert business_time_between(t(2026, 6, 29), t(2026, 7, 6), spec) == 32 * H  # Canada Day
    assert business_time_between(t(2026, 7, 6, 10), t(2026, 7, 6, 11, 30), spec) == 1.5 * H
    assert business_time_between(t(2026, 7, 6, 18), t(2026, 7, 7, 8), spec) == timedelta()
    assert business_time_between(t(2026, 7, 8), t(2026, 7, 6), spec) == timedelta()


# ---------------------------------------------------------------- split day


def test_split_day():
    spec = StandardSpec(24, BUSINESS_HOURS, SPLIT, TORONTO)
    assert not is_open(t(2026, 7, 6, 12), spec)
    assert not is_open(t(2026, 7, 6, 12, 30), spec)
    assert is_open(t(2026, 7, 6, 13), spec)
    assert_same(next_opening(t(2026, 7, 6, 12, 30), spec), t(2026, 7, 6, 13))
    # 7 open hours a day: Mon, Tue, Wed give 21, Thursday morning the last 3.
    assert_same(due_at(t(2026, 7, 6, 9), spec), t(2026, 7, 9, 12))
    # From lunch: Mon 4, Tue 7, Wed 7, Thu 3 + 3.
    assert_same(due_at(t(2026, 7, 6, 12, 30), spec), t(2026, 7, 9, 16))
    assert business_time_between(t(2026, 7, 6), t(2026, 7, 7), spec) == 7 * H
    days = StandardSpec(24, BUSINESS_DAYS, SPLIT, TORONTO)
    assert_same(due_at(t(2026, 7, 6, 12, 30), days), t(2026, 7, 7, 13))
    assert_same(due_at(t(2026, 7, 6, 10), days), t(2026, 7, 7, 10))


# ---------------------------------------------------------------- overnight hours


def test_overnight_is_open():
    spec = StandardSpec(24, BUSINESS_HOURS, OVERNIGHT, TORONTO)
    assert is_open(t(2026, 7, 6, 20), spec)
    assert is_open(t(2026, 7, 7, 1, 59), spec)
    assert not is_open(t(2026, 7, 7, 2), spec)
    assert not is_open(t(2026, 7, 6, 1), spec)  # Sunday has no period running into Monday
    assert is_open(t(2026, 7, 11, 1), spec)  # Friday's period runs into Saturday
    assert not is_open(t(2026, 7, 11, 20), spec)
    # The period belongs to the day it starts on: Tuesday's runs into Canada Day ...
    assert is_open(t(2026, 7, 1, 1), spec)
    # ... and none starts on Canada Day.
    assert not is_open(t(2026, 7, 1, 21), spec)
    assert_same(next_opening(t(2026, 7, 1, 3), spec), t(2026, 7, 2, 20))


def test_overnight_business_hours():
    spec = StandardSpec(24, BUSINESS_HOURS, OVERNIGHT, TORONTO)
    # Six hours a night: Mon, Tue, Wed, Thu nights, due when Thursday's closes.
    assert_same(due_at(t(2026, 7, 6, 20), spec), t(2026, 7, 10, 2))
    six = StandardSpec(6, BUSINESS_HOURS, OVERNIGHT, TORONTO)
    # Three hours left on Tuesday night, none on Canada Day night, three on Thursday.
    assert_same(due_at(t(2026, 6, 30, 23), six), t(2026, 7, 2, 23))


def test_overnight_business_days():
    spec = StandardSpec(24, BUSINESS_DAYS, OVERNIGHT, TORONTO)
    assert_same(due_at(t(2026, 7, 6, 21), spec), t(2026, 7, 7, 21))
    # Saturday 01:00 is Friday's business day: the next one is Monday, its night is Tuesday.
    assert_same(due_at(t(2026, 7, 11, 1), spec), t(2026, 7, 14, 1))
    assert_same(due_at(t(2026, 7, 11, 12), spec), t(2026, 7, 14, 20))


# ---------------------------------------------------------------- DST: spring forward
# Sunday March 8 2026, 02:00 EST becomes 03:00 EDT in Toronto.

EST, EDT = timedelta(hours=-5), timedelta(hours=-4)


def test_spring_forward_business_days_keeps_wall_clock():
    due = due_at(t(2026, 3, 6, 10), weekdays(BUSINESS_DAYS))
    assert_same(due, t(2026, 3, 9, 10))
    assert due.utcoffset() == EDT
    assert due.replace(tzinfo=None) == datetime(2026, 3, 9, 10)


def test_spring_forward_business_hours():
    spec = weekdays(BUSINESS_HOURS)
    assert_same(due_at(t(2026, 3, 6, 9), spec), t(2026, 3, 10, 17))
    # Open all the time: 24 business hours are 24 real hours, 13:00 on the wall clock.
    always = every_day([(time(0), time(0))], BUSINESS_HOURS)
    assert_same(due_at(t(2026, 3, 7, 12), always), t(2026, 3, 8, 13))
    always_days = every_day([(time(0), time(0))], BUSINESS_DAYS)
    assert_same(due_at(t(2026, 3, 7, 12), always_days), t(2026, 3, 8, 12))


def test_spring_forward_overnight_period_is_an_hour_shorter():
    spec = every_day([(time(22), time(3))], BUSINESS_HOURS)
    assert business_time_between(t(2026, 3, 7, 22), t(2026, 3, 8, 3), spec) == 4 * H
    assert business_time_between(t(2026, 3, 6, 22), t(2026, 3, 7, 3), spec) == 5 * H


def test_spring_forward_nonexistent_due_time_moves_forward():
    spec = every_day([(time(22), time(3))], BUSINESS_DAYS)
    # 02:30 on Saturday is in Friday's period; one business day later is Sunday 02:30,
    # which does not exist: 03:30 EDT.
    due = due_at(t(2026, 3, 7, 2, 30), spec)
    assert_same(due, t(2026, 3, 8, 3, 30))
    assert due.utcoffset() == EDT
    assert due.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


# ---------------------------------------------------------------- DST: fall back
# Sunday November 1 2026, 02:00 EDT becomes 01:00 EST: 01:00-02:00 happens twice.


def test_fall_back_business_days_keeps_wall_clock():
    due = due_at(t(2026, 10, 30, 10), weekdays(BUSINESS_DAYS))
    assert_same(due, t(2026, 11, 2, 10))
    assert due.utcoffset() == EST


def test_fall_back_business_hours():
    spec = weekdays(BUSINESS_HOURS)
    assert_same(due_at(t(2026, 10, 30, 9), spec), t(2026, 11, 3, 17))
    always = every_day([(time(0), time(0))], BUSINESS_HOURS)
    assert_same(due_at(t(2026, 10, 31, 12), always), t(2026, 11, 1, 11))
    always_days = every_day([(time(0), time(0))], BUSINESS_DAYS)
    assert_same(due_at(t(2026, 10, 31, 12), always_days), t(2026, 11, 1, 12))


def test_fall_back_overnight_period_is_an_hour_longer():
    spec = every_day([(time(22), time(3))], BUSINESS_HOURS)
    assert business_time_between(t(2026, 10, 31, 22), t(2026, 11, 1, 3), spec) == 6 * H


def test_fall_back_fold_of_received_time():
    spec = every_day([(time(22), time(3))], BUSINESS_HOURS, target=2)
    first = t(2026, 11, 1, 1, 30, fold=0)  # 05:30 UTC, 2.5 open hours left
    second = t(2026, 11, 1, 1, 30, fold=1)  # 06:30 UTC, 1.5 open hours left
    assert_same(due_at(first, spec), t(2026, 11, 1, 2, 30))
    assert_same(due_at(second, spec), t(2026, 11, 1, 22, 30))
    assert due_at(first.astimezone(UTC), spec) == due_at(first, spec)
    assert due_at(second.astimezone(UTC), spec).astimezone(UTC) == datetime(
        2026, 11, 2, 3, 30, tzinfo=UTC
    )


def test_fall_back_ambiguous_due_time_is_first_occurrence():
    spec = every_day([(time(22), time(3))], BUSINESS_DAYS)
    due = due_at(t(2026, 10, 31, 1, 30), spec)
    assert due.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert due.utcoffset() == EDT


# ---------------------------------------------------------------- holidays and closures


def test_holiday_on_monday_labour_day():
    assert_same(due_at(t(2026, 9, 4, 10), weekdays(BUSINESS_DAYS)), t(2026, 9, 8, 10))
    assert_same(due_at(t(2026, 9, 4, 9), weekdays(BUSINESS_HOURS)), t(2026, 9, 9, 17))
    assert_same(due_at(t(2026, 9, 7, 10), weekdays(BUSINESS_DAYS)), t(2026, 9, 9, 9))


def test_holiday_on_friday_good_friday():
    assert_same(due_at(t(2026, 4, 2, 10), weekdays(BUSINESS_DAYS)), t(2026, 4, 6, 10))
    assert_same(due_at(t(2026, 4, 3, 10), weekdays(BUSINESS_DAYS)), t(2026, 4, 7, 9))
    assert_same(due_at(t(2026, 4, 2, 9), weekdays(BUSINESS_HOURS)), t(2026, 4, 7, 17))
    assert not is_open(t(2026, 4, 3, 10), weekdays(BUSINESS_HOURS))


@pytest.mark.parametrize(
    "received,ontario,federal",
    [
        # Victoria Day, Monday May 18 2026: Ontario, not federal.
        (t(2026, 5, 15, 10), t(2026, 5, 19, 10), t(2026, 5, 18, 10)),
        # Family Day, Monday February 16 2026: Ontario, not federal.
        (t(2026, 2, 13, 10), t(2026, 2, 17, 10), t(2026, 2, 16, 10)),
        (t(2026, 2, 16, 10), t(2026, 2, 18, 9), t(2026, 2, 17, 10)),
    ],
)
def test_provincial_holidays(received, ontario, federal):
    assert_same(due_at(received, weekdays(BUSINESS_DAYS, subdivision="ON")), ontario)
    assert_same(due_at(received, weekdays(BUSINESS_DAYS)), federal)


def test_closure_days():
    closures = {date(2026, 12, 24), date(2026, 12, 31)}
    ontario = weekdays(BUSINESS_DAYS, subdivision="ON", closure_days=closures)
    federal = weekdays(BUSINESS_DAYS, closure_days=closures)
    assert ontario.closure_days == frozenset(closures)
    # Thu 24 closure, Fri 25 Christmas, weekend, Mon 28 Boxing Day observed (Ontario).
    assert_same(due_at(t(2026, 12, 23, 10), ontario), t(2026, 12, 29, 10))
    assert_same(due_at(t(2026, 12, 23, 10), federal), t(2026, 12, 28, 10))
    # Thu 31 closure, Fri Jan 1, weekend: into next year's holidays.
    assert_same(due_at(t(2026, 12, 30, 10), ontario), t(2027, 1, 4, 10))
    assert not is_open(t(2026, 12, 24, 10), federal)
    hours = weekdays(BUSINESS_HOURS, closure_days=closures)
    assert business_time_between(t(2026, 12, 21), t(2026, 12, 28), hours) == 24 * H


def test_holiday_lookups_are_cached():
    first = standards._holiday_dates("CA", "ON", 2026)
    assert standards._holiday_dates("CA", "ON", 2026) is first
    assert date(2026, 2, 16) in first
    assert date(2026, 2, 16) not in standards._holiday_dates("CA", None, 2026)


# ---------------------------------------------------------------- time zones and inputs


def test_utc_input_same_as_toronto_input():
    for counting in (BUSINESS_HOURS, BUSINESS_DAYS):
        spec = weekdays(counting)
        local = t(2026, 7, 9, 10)
        utc = datetime(2026, 7, 9, 14, tzinfo=UTC)
        vancouver = datetime(2026, 7, 9, 7, tzinfo=ZoneInfo("America/Vancouver"))
        due = due_at(local, spec)
        for other in (utc, vancouver):
            other_due = due_at(other, spec)
            assert_same(other_due, due)
            assert other_due.replace(tzinfo=None) == due.replace(tzinfo=None)


def test_result_is_aware_in_standard_zone():
    spec = StandardSpec.weekdays(
        target_hours=24, counting=BUSINESS_DAYS, timezone="America/Edmonton", subdivision="AB"
    )
    due = due_at(datetime(2026, 7, 10, 23, 30, tzinfo=UTC), spec)  # Friday 17:30 in Calgary
    assert due.tzinfo == ZoneInfo("America/Edmonton")
    assert due.utcoffset() == timedelta(hours=-6)
    assert due.replace(tzinfo=None) == datetime(2026, 7, 14, 9)
    assert next_opening(datetime(2026, 7, 11, tzinfo=UTC), spec).tzinfo.key == "America/Edmonton"


@pytest.mark.parametrize(
    "call",
    [
        lambda spec, naive: due_at(naive, spec),
        lambda spec, naive: is_open(naive, spec),
        lambda spec, naive: next_opening(naive, spec),
        lambda spec, naive: business_time_between(naive, t(2026, 7, 9), spec),
        lambda spec, naive: business_time_between(t(2026, 7, 9), naive, spec),
    ],
)
def test_naive_datetime_is_rejected(call):
    with pytest.raises(ValueError, match="aware"):
        call(weekdays(BUSINESS_HOURS), datetime(2026, 7, 9, 10))


@pytest.mark.parametrize("hours", [{}, {0: [], 3: []}])
def test_no_opening_hours(hours):
    for counting in (BUSINESS_HOURS, BUSINESS_DAYS):
        spec = StandardSpec(24, counting, hours, TORONTO)
        with pytest.raises(ValueError, match="no opening hours"):
            due_at(t(2026, 7, 9, 10), spec)
        with pytest.raises(ValueError, match="no opening hours"):
            next_opening(t(2026, 7, 9, 10), spec)
        assert not is_open(t(2026, 7, 9, 10), spec)
        assert business_time_between(t(2026, 7, 9), t(2026, 7, 10), spec) == timedelta()


def test_never_open_gives_up():
    mondays = frozenset(date(2026, 1, 5) + timedelta(weeks=w) for w in range(5 * 53))
    for counting in (BUSINESS_HOURS, BUSINESS_DAYS):
        spec = StandardSpec(24, counting, {0: [(time(9), time(17))]}, TORONTO, closure_days=mondays)
        with pytest.raises(ValueError, match="no opening in"):
            due_at(t(2026, 1, 1, 10), spec)
    # Open on the first Monday only: the clock starts, the next business day never comes.
    days = StandardSpec(
        24,
        BUSINESS_DAYS,
        {0: [(time(9), time(17))]},
        TORONTO,
        closure_days=mondays - {date(2026, 1, 5)},
    )
    with pytest.raises(ValueError, match="no business day in"):
        due_at(t(2026, 1, 5, 10), days)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"counting": "calendar_days"}, "counting"),
        ({"target_hours": -1}, "negative"),
        ({"timezone": "Canada/Nowhere"}, "time zone"),
        ({"opening_hours": {7: [(time(9), time(17))]}}, "weekday"),
        ({"opening_hours": {0: [("09:00", "17:00")]}}, "datetime.time"),
    ],
)
def test_invalid_spec(kwargs, message):
    base = {
        "target_hours": 24,
        "counting": BUSINESS_DAYS,
        "opening_hours": {0: [(time(9), time(17))]},
        "timezone": TORONTO,
    }
    with pytest.raises(ValueError, match=message):
        StandardSpec(**{**base, **kwargs})


def test_unknown_subdivision():
    with pytest.raises(ValueError, match="holidays"):
        due_at(t(2026, 7, 9, 10), weekdays(BUSINESS_DAYS, subdivision="XX"))


def test_weekdays_helper_and_defaults():
    spec = weekdays(BUSINESS_HOURS, start=time(8, 30), end=time(16, 30))
    assert spec.opening_hours == {d: [(time(8, 30), time(16, 30))] for d in range(5)}
    assert (spec.country, spec.subdivision, spec.closure_days) == ("CA", None, frozenset())
    assert spec.acknowledgement_stops_clock is False
    assert weekdays(BUSINESS_DAYS, acknowledgement_stops_clock=True).acknowledgement_stops_clock
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.target_hours = 48


def test_object_with_as_spec():
    class Standard:  # stands in for the Django model
        def as_spec(self):
            return weekdays(BUSINESS_DAYS)

    assert_same(due_at(t(2026, 7, 9, 10), Standard()), t(2026, 7, 10, 10))
    assert is_open(t(2026, 7, 9, 10), Standard())
    with pytest.raises(TypeError):
        due_at(t(2026, 7, 9, 10), object())


# ---------------------------------------------------------------- properties


def _received(start, end):
    return st.datetimes(
        min_value=start,
        max_value=end,
        timezones=st.sampled_from([UTC, TZ]),
        allow_imaginary=False,
    )


# The whole year, with extra weight on the two DST weekends.
RECEIVED_2026 = st.one_of(
    _received(datetime(2026, 1, 1), datetime(2026, 12, 31, 23, 59, 59)),
    _received(datetime(2026, 3, 5), datetime(2026, 3, 10)),
    _received(datetime(2026, 10, 29), datetime(2026, 11, 3)),
)
HOURS = st.sampled_from(
    [
        {d: [(time(9), time(17))] for d in range(5)},
        SPLIT,
        OVERNIGHT,
        {d: [(time(22), time(3))] for d in range(7)},
        {0: [(time(0), time(0))], 5: [(time(7), time(7, 30)), (time(7, 30), time(12))]},
    ]
)


@settings(max_examples=300, deadline=None)
@given(received=RECEIVED_2026, hours=HOURS, target=st.integers(0, 60), ontario=st.booleans())
def test_property_business_hours(received, hours, target, ontario):
    spec = StandardSpec(
        target, BUSINESS_HOURS, hours, TORONTO, subdivision="ON" if ontario else None
    )
    due = due_at(received, spec)
    start = next_opening(received, spec)
    assert due >= received
    assert start >= received
    assert business_time_between(start, due, spec) == target * H
    assert business_time_between(received, due, spec) == target * H
    assert due.tzinfo.key == TORONTO


@settings(max_examples=300, deadline=None)
@given(received=RECEIVED_2026, hours=HOURS, days=st.integers(0, 3), rest=st.integers(0, 23))
def test_property_business_days(received, hours, days, rest):
    target = 24 * days + rest
    spec = StandardSpec(target, BUSINESS_DAYS, hours, TORONTO, subdivision="ON")
    due = due_at(received, spec)
    start = next_opening(received, spec)
    assert is_open(start, spec)
    assert due >= start >= received
    # At least the target, give or take the DST hour.
    assert due - start >= target * H - H
    if rest == 0:
        # Same wall-clock time of day, unless that time does not exist on the due day.
        wall = start.astimezone(TZ).time()
        naive = datetime.combine(due.astimezone(TZ).date(), wall)
        if naive.replace(tzinfo=TZ).astimezone(UTC).astimezone(TZ).replace(tzinfo=None) == naive:
            assert due.astimezone(TZ).time() == wall
