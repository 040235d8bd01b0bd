"""One person on WhatsApp and by SMS is two members in the monthly statistics until a
merge, one after it, and two again after its undo; the daily message counts (MessageDay)
do not move, since every message keeps its day, kind, direction and label."""

from django.utils import timezone

from passerelle.conversations.models import MessageDay
from passerelle.members.merge import member_merge, member_merge_undo
from passerelle.reports.periods import Period
from passerelle.reports.usage import usage_table
from passerelle.testing import two_channels

fake_graph = two_channels.fake_graph
fake_twilio = two_channels.fake_twilio
wa = two_channels.wa
sms = two_channels.sms
writes = two_channels.writes
role = two_channels.role
person = two_channels.person

COUNTED = ("members_total", "members_new", "participants", "private_messages")


def _month(service) -> dict:
    today = timezone.localdate(timezone=service.tz)
    period = Period(today.replace(day=1), today)
    rows = {row.key: row.values[0] for row in usage_table(service, [period]).rows}
    return {key: rows[key] for key in COUNTED}


def _days():
    return sorted(MessageDay.objects.values_list("day", "thread_kind", "direction", "label", "n"))


def test_the_monthly_statistics_count_one_person_after_a_merge(service, person, role):
    a, b = person
    days = _days()
    assert _month(service) == {
        "members_total": 2,
        "members_new": 2,
        "participants": 2,
        "private_messages": 2,
    }
    merge = member_merge(role=role, kept=a, merged=b)
    assert _month(service) == {
        "members_total": 1,
        "members_new": 1,
        "participants": 1,
        "private_messages": 2,
    }
    assert _days() == days
    member_merge_undo(role=role, merge=merge)
    assert _month(service)["members_total"] == _month(service)["participants"] == 2
    assert _month(service)["members_new"] == 2
    assert _days() == days
