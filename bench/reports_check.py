"""The figure check of bench/reports.py: the reports against a plain count of the rows.

For one month (the last whole one), every figure of the usage and activity tables (from
the 12- and the 36-month reports), the questions received of the standard table, and the
12-month busiest-times grid are counted again here the slow, obvious way: every row read
into Python, its local day taken with zoneinfo, memberships replayed one by one. Any
difference is a problem; the list of problems is returned.
"""

from __future__ import annotations

from collections import Counter, defaultdict

ENTRY = {"joined", "accepted", "readmitted"}
EXIT = {"left", "removed"}


def check(service, months12, months36, results) -> list[str]:
    from passerelle.communities.models import Membership, MembershipEvent
    from passerelle.conversations.models import Message, Thread
    from passerelle.questions.models import Question

    tz = service.tz
    month = months12[-2]
    kinds = dict(Thread.objects.filter(service=service).values_list("id", "kind"))
    messages = [
        (at.astimezone(tz), kinds[thread], direction, label, author, member)
        for at, thread, direction, label, author, member in Message.objects.filter(
            service=service
        ).values_list("created_at", "thread_id", "direction", "label", "author_id", "member_id")
    ]
    in_month = [m for m in messages if month.contains(m[0].date())]

    expected_activity = {
        key: sum(1 for m in in_month if m[3] == label)
        for label, key in (
            ("request", "requests"),
            ("information", "information"),
            ("referral", "referrals"),
            ("other", "messages"),
        )
    }
    expected_activity["total"] = sum(expected_activity.values())

    events = defaultdict(list)
    for membership_id, kind, at, event_id in MembershipEvent.objects.filter(
        membership__service=service
    ).values_list("membership_id", "kind", "created_at", "id"):
        events[membership_id].append((at, event_id, kind))
    lo, hi = month.bounds(tz)
    new = left = removed = at_end = 0
    for history in events.values():
        inside = False
        for at, _, kind in sorted(history):
            if at >= hi:
                break
            entering, leaving = kind in ENTRY and not inside, kind in EXIT and inside
            if lo <= at:
                new += entering and kind != "readmitted"
                left += leaving and kind == "left"
                removed += leaving and kind == "removed"
            inside = (inside or entering) and not leaving
        at_end += inside

    answered = sum(
        1
        for at in Question.objects.filter(
            service=service, thread__kind="group", answered_at__isnull=False
        ).values_list("answered_at", flat=True)
        if month.contains(at.astimezone(tz).date())
    )
    received = sum(
        1
        for at in Question.objects.filter(service=service)
        .exclude(status="cancelled")
        .values_list("received_at", flat=True)
        if month.contains(at.astimezone(tz).date())
    )
    staff_group = [m for m in in_month if m[1] == "group" and m[2] == "out" and m[4]]
    expected_usage = {
        "members_total": at_end,
        "members_new": new,
        "members_left": left,
        "members_removed": removed,
        "questions_answered": answered,
        "participants": len({m[5] for m in in_month if m[2] == "in" and m[5] is not None}),
        "private_messages": sum(
            1 for m in in_month if m[1] == "private" and (m[2] == "in" or m[4] is not None)
        ),
        "posts": len(staff_group),
        # The data set has no posts of the posts app: every staff message in the group was
        # written from the inbox.
        "posts.inbox": len(staff_group),
    }

    problems = []

    def compare(name, table, column, expected):
        for key, value in expected.items():
            got = table.row(key).values[column]
            if got != value:
                problems.append(f"{name} {month.key} {key}: report {got}, rows {value}")

    column12, column36 = months12.index(month), months36.index(month)
    compare("usage_12m", results["usage_12m"][0], column12, expected_usage)
    compare("usage_36m", results["usage_36m"][0], column36, expected_usage)
    compare("activity_12m", results["activity_12m"][0], column12, expected_activity)
    compare("activity_36m", results["activity_36m"][0], column36, expected_activity)
    compare("standard_12m", results["standard_12m"][0], column12, {"questions_received": received})

    active_now = Membership.objects.filter(service=service, status="active").count()
    got = results["usage_12m"][0].row("members_total").values[-1]
    if got != active_now:
        problems.append(f"members_total this month {got}, active memberships {active_now}")

    first, last = months12[0].start, months12[-1].end
    grid = Counter(
        (m[0].isoweekday(), m[0].hour)
        for m in messages
        if m[2] == "in" and first <= m[0].date() <= last
    )
    busiest = results["busiest_12m"][0]
    for day in range(1, 8):
        values = busiest.rows[day - 1].values
        for hour in range(24):
            if values[hour] != grid.get((day, hour), 0):
                problems.append(
                    f"busiest {day} {hour}: report {values[hour]}, rows {grid.get((day, hour), 0)}"
                )
    return problems
