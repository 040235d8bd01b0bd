"""Private messages timed automatically: apart in the standard's report, absent elsewhere."""

from datetime import date

from django.utils import timezone

from passerelle.conversations.services import message_send, private_thread_for
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.questions.services import message_label_set, question_mark_answered
from passerelle.questions.waiting import private_wait_track
from passerelle.reports.periods import split
from passerelle.reports.standard import standard_table
from passerelle.reports.tests.helpers import local, member, say, staff_says
from passerelle.reports.usage import activity_table, usage_table
from passerelle.testing.factories import make_staff

MARCH = split(date(2026, 3, 1), date(2026, 3, 31), "month")


def _seed(service):
    user, role = make_staff(service, Role.MODERATOR)
    huda = member(service, joined=local(service, date(2026, 2, 1)))
    omar = member(service, joined=local(service, date(2026, 2, 1)))
    # The toolkit's question: asked in the group, labelled, answered the next morning.
    asked = say(service, huda, local(service, date(2026, 3, 2), 10), text="School forms?")
    message_label_set(role=role, message=asked, label="request")
    answer = staff_says(service, user, local(service, date(2026, 3, 3), 9), text="Here.")
    question_mark_answered(
        role=role,
        question=Question.objects.get(message=asked),
        message=answer,
        at=answer.created_at,
    )
    # Two private messages in a row (one waiting item), answered by a staff reply at once.
    for minute in (0, 5):
        private_wait_track(
            message=say(service, huda, local(service, date(2026, 3, 4), 10, minute), private=True)
        )
    message_send(
        thread=private_thread_for(service, huda),
        text="Yes?",
        author=user,
        at=local(service, date(2026, 3, 4), 11),
    )
    # Another member's private message nobody answered: overdue now.
    private_wait_track(
        message=say(service, omar, local(service, date(2026, 3, 5), 10), private=True)
    )
    return role


def _row(table, key):
    return table.row(key).values[0]


def test_the_standard_report_counts_both_kinds_apart(service):
    _seed(service)
    table = standard_table(service, MARCH, now=timezone.now())
    assert _row(table, "questions_received") == 1
    assert _row(table, "answered_within") == 1
    assert _row(table, "overdue_now") == 0
    assert _row(table, "private_received") == 2
    assert _row(table, "private_answered_within") == 1
    assert _row(table, "private_share_within") == 50.0
    assert _row(table, "private_median_hours") == 1.0
    assert _row(table, "private_overdue_now") == 1


def test_toolkit_counts_leave_the_automatic_tracking_out(service):
    _seed(service)
    assert Question.objects.filter(source="private").count() == 2
    usage = usage_table(service, MARCH)
    assert usage.row("questions_answered").values == [1]
    activity = activity_table(service, MARCH)
    # Table 5 counts labels: only the group request is one; the private ones are unlabelled.
    assert activity.row("requests").values == [1]
    assert activity.extra["unlabelled"] == 5  # three private messages, two staff replies
