"""The queries under every report: counts by local day, folded into periods in Python.

Each source is read once per report with one grouped query over the whole span (a few
thousand rows at most: days × kinds), never once per period, so a 36-month report costs the
same number of queries as a one-month one. Days are local days in the service's time zone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate

from passerelle.communities.models import MEMBER_ENTRIES, MEMBER_EXITS, MembershipEvent
from passerelle.conversations.models import Message, MessageDay, Thread
from passerelle.questions.models import Question
from passerelle.reports.periods import Period

ENTRIES = MEMBER_ENTRIES
EXITS = MEMBER_EXITS
# A member merge's correction moves the count only (communities.merge).
MERGE_KINDS = (MembershipEvent.Kind.MERGE_ENTRY, MembershipEvent.Kind.MERGE_EXIT)


def fold(by_day: dict[date, int], periods: list[Period]) -> list[int]:
    """Sum daily counts into each period."""
    return [sum(n for day, n in by_day.items() if p.contains(day)) for p in periods]


class Membership:
    """Who was a member when: replayed from membership events, the one record of it.

    A membership enters on joined / accepted / readmitted and exits on left / removed (a
    member merge's correction, communities.merge, moves the count only); an
    entry while already in (or an exit while out) changes nothing, so for any two days
    members(end) = members(start) + joins + readmissions − leaves − removals.
    """

    def __init__(self, service, until: datetime):
        self.tz = service.tz
        self.joins: Counter[date] = Counter()
        self.readmissions: Counter[date] = Counter()
        self.leaves: Counter[date] = Counter()
        self.removals: Counter[date] = Counter()
        self.net: Counter[date] = Counter()  # change in members on each day
        inside: set[int] = set()
        # The local day comes from the database: a date loads much faster than an aware
        # datetime, and a service has tens of thousands of these rows.
        events = (
            MembershipEvent.objects.filter(
                membership__service=service, kind__in=ENTRIES + EXITS, created_at__lt=until
            )
            .order_by("created_at", "id")
            .annotate(day=TruncDate("created_at", tzinfo=self.tz))
            .values_list("membership_id", "kind", "day")
        )
        for membership_id, kind, day in events.iterator(chunk_size=5000):
            if kind in ENTRIES and membership_id not in inside:
                inside.add(membership_id)
                counter = (
                    self.readmissions if kind == MembershipEvent.Kind.READMITTED else self.joins
                )
                if kind not in MERGE_KINDS:
                    counter[day] += 1
                self.net[day] += 1
            elif kind in EXITS and membership_id in inside:
                inside.discard(membership_id)
                counter = self.removals if kind == MembershipEvent.Kind.REMOVED else self.leaves
                if kind not in MERGE_KINDS:
                    counter[day] += 1
                self.net[day] -= 1

    def members_at_end(self, periods: list[Period]) -> list[int]:
        return [sum(n for day, n in self.net.items() if day <= p.end) for p in periods]


def message_days(service, start: datetime, end: datetime) -> dict[tuple, int]:
    """Messages by (local day, thread kind, direction, label, written by staff) in [start, end).

    "Written by staff" is a message with an author: automatic notices have none. Read from
    the daily counts conversations keeps with every message write (MessageDay: a few
    thousand rows for years of a service), not from the messages; `start` and `end` are
    local midnights (Period.bounds), so the days in [start, end) are exactly the span.
    """
    first, after = start.astimezone(service.tz), end.astimezone(service.tz)
    if first.time() != time(0) or after.time() != time(0):
        raise ValueError("message_days counts whole local days: give local midnights")
    first, after = first.date(), after.date()
    rows = (
        MessageDay.objects.filter(service=service, day__gte=first, day__lt=after, n__gt=0)
        .values_list("day", "thread_kind", "direction", "label", "staff", "n")
        .order_by()
    )
    return {(day, kind, d, label, staff): n for day, kind, d, label, staff, n in rows}


def select(
    days: dict[tuple, int], *, kind=None, direction=None, label=None, staff=None
) -> dict[date, int]:
    """Daily totals of the message counts matching the given parts of the key."""
    out: dict[date, int] = defaultdict(int)
    for (day, k, d, lab, by_staff), n in days.items():
        if kind not in (None, k) or direction not in (None, d) or staff not in (None, by_staff):
            continue
        if label is not None and lab != label:
            continue
        out[day] += n
    return out


def participants(service, periods: list[Period]) -> list[int]:
    """Distinct members who sent at least one message (group or private) in each period.

    Distinct people cannot be summed across days, so this is one query per period.
    """
    values = []
    for period in periods:
        start, end = period.bounds(service.tz)
        values.append(
            Message.objects.filter(
                service=service,
                direction=Message.Direction.IN,
                member__isnull=False,
                created_at__gte=start,
                created_at__lt=end,
            )
            .values("member_id")
            .distinct()
            .count()
        )
    return values


def questions_answered_days(service, start: datetime, end: datetime) -> dict[date, int]:
    """Questions asked in the group and answered, by the local day of their answer."""
    rows = (
        Question.objects.filter(
            service=service,
            thread__kind=Thread.Kind.GROUP,
            # The toolkit's questions only: never a private message timed automatically.
            source=Question.Source.LABELLED,
            answered_at__gte=start,
            answered_at__lt=end,
        )
        .annotate(day=TruncDate("answered_at", tzinfo=service.tz))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["day"]: r["n"] for r in rows}


def member_message_hours(service, start: datetime, end: datetime) -> dict[tuple[int, int], int]:
    """Member messages by (ISO weekday 1 = Monday, local hour)."""
    rows = (
        Message.objects.filter(
            service=service,
            direction=Message.Direction.IN,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(
            weekday=ExtractIsoWeekDay("created_at", tzinfo=service.tz),
            hour=ExtractHour("created_at", tzinfo=service.tz),
        )
        .values("weekday", "hour")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(r["weekday"], r["hour"]): r["n"] for r in rows}
