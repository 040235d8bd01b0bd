"""The counts under the reports take each event's local day from the database: a late
evening in the service's time zone is already the next day in UTC, and still counts on its
own day."""

from datetime import date

from passerelle.communities import services as communities
from passerelle.reports import counts
from passerelle.reports.periods import split
from passerelle.reports.tests.helpers import local, member, membership, say

JAN, FEB = split(date(2024, 1, 1), date(2024, 2, 29), "month")


def test_a_late_evening_membership_event_counts_on_its_local_day(service):
    # 23:30 in Toronto on January 31 is February 1 in UTC.
    late = member(service, joined=local(service, date(2024, 1, 31), hour=23, minute=30))
    communities.membership_leave(
        membership=membership(service, late),
        via="test",
        at=local(service, date(2024, 2, 29), hour=23, minute=45),
    )
    replay = counts.Membership(service, until=FEB.bounds(service.tz)[1])
    assert counts.fold(replay.joins, [JAN, FEB]) == [1, 0]
    assert counts.fold(replay.leaves, [JAN, FEB]) == [0, 1]
    assert replay.members_at_end([JAN, FEB]) == [1, 0]


def test_message_days_name_the_thread_kind_without_reading_threads(service):
    person = member(service, joined=local(service, date(2024, 1, 2)))
    say(service, person, local(service, date(2024, 1, 31), hour=23, minute=30), label="request")
    say(service, person, local(service, date(2024, 2, 1), hour=0, minute=30), private=True)
    start, end = JAN.bounds(service.tz)[0], FEB.bounds(service.tz)[1]
    assert counts.message_days(service, start, end) == {
        (date(2024, 1, 31), "group", "in", "request", False): 1,
        (date(2024, 2, 1), "private", "in", "", False): 1,
    }
