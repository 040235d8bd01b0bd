"""Table 5 (monthly activity), reproduced to the number from labelled messages."""

from datetime import date

from passerelle.conversations.services import group_thread_for, messages_record, private_thread_for
from passerelle.orgs.models import Role
from passerelle.reports import toolkit
from passerelle.reports.periods import split
from passerelle.reports.tests.helpers import local, member, say
from passerelle.reports.usage import activity_table
from passerelle.testing.factories import make_staff

YEAR = split(date(2017, 3, 1), date(2018, 2, 28), "month")


def seed_table_5(service):
    user, _role = make_staff(service, Role.MODERATOR)
    person = member(service, joined=local(service, date(2017, 2, 1)))
    records = toolkit.table_5_records(
        group_thread=group_thread_for(service),
        private_thread=private_thread_for(service, person),
        member=person,
        staff=user,
        first_month=date(2017, 3, 1),
        tz=service.tz,
    )
    messages_record(list(records))
    return person


def test_table_5_to_the_number(service):
    seed_table_5(service)
    table = activity_table(service, YEAR)
    assert table.columns == [f"{d:%Y-%m}" for d in toolkit.TABLE_5_MONTHS]
    assert [r.key for r in table.rows] == [
        "requests",
        "information",
        "referrals",
        "messages",
        "total",
    ]
    for key, label in (
        ("requests", "request"),
        ("information", "information"),
        ("referrals", "referral"),
        ("messages", "other"),
    ):
        assert table.row(key).values == toolkit.TABLE_5[label]
        assert table.row(key).total == toolkit.TABLE_5_ROW_TOTALS[label]
    assert table.row("referrals").values[6] == 19  # September, printed 199 in the seed
    assert table.row("total").values == toolkit.TABLE_5_TOTALS
    assert table.row("total").total == toolkit.TABLE_5_GRAND_TOTAL == 1127
    assert table.extra["unlabelled"] == 0 and not table.notes


def test_local_day_boundaries_and_unlabelled(service):
    person = member(service)
    # 23:59 on March 31 in Toronto is April 1 in UTC: it counts in March.
    say(service, person, local(service, date(2017, 3, 31), 23, 59), label="request")
    say(service, person, local(service, date(2017, 4, 1), 0, 0), label="request")
    say(service, person, local(service, date(2017, 4, 2)))  # not labelled
    table = activity_table(service, YEAR[:2])
    assert table.row("requests").values == [1, 1]
    assert table.extra["unlabelled"] == 1
    assert "not labelled" in table.notes[0]


def test_quarters_and_custom_periods_sum_the_months(service):
    seed_table_5(service)
    months = activity_table(service, YEAR).row("total").values
    quarters = activity_table(service, split(date(2017, 3, 1), date(2018, 2, 28), "quarter"))
    # March 2017 starts a span cut at quarter ends: Mar, Apr–Jun, Jul–Sep, Oct–Dec, Jan–Feb.
    assert quarters.columns == ["2017-03", "2017-Q2", "2017-Q3", "2017-Q4", "2018-01-01/2018-02-28"]
    assert quarters.row("total").values == [
        months[0],
        sum(months[1:4]),
        sum(months[4:7]),
        sum(months[7:10]),
        sum(months[10:]),
    ]
    custom = activity_table(service, split(date(2017, 3, 1), date(2018, 2, 28), "custom"))
    assert custom.row("total").values == [1127]
