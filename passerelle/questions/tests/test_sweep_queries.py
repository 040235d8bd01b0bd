"""The alert sweep costs what is due: a fixed number of statements per batch of alerts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.questions.models import Question, QuestionEvent
from passerelle.questions.sweep import questions_alert_sweep
from passerelle.questions.tests.helpers import ask, make_standard

pytestmark = pytest.mark.django_db


def _statements(capture, now) -> int:
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        questions_alert_sweep(now=now)
    return len(
        [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    )


def test_alerts_cost_the_same_for_ten_or_twenty_due_and_go_out_once(
    service, mod_role, django_capture_on_commit_callbacks
):
    make_standard(service, email_alerts=True)
    now = timezone.now()
    # History that is not due must not count: answered questions long past their time.
    for _ in range(5):
        ask(mod_role, at=now - timedelta(days=30))
    Question.objects.update(status=Question.Status.ANSWERED)
    idle = _statements(django_capture_on_commit_callbacks, now)
    for _ in range(10):
        ask(mod_role, at=now - timedelta(days=7))
    ten = _statements(django_capture_on_commit_callbacks, now)
    for _ in range(20):
        ask(mod_role, at=now - timedelta(days=7))
    twenty = _statements(django_capture_on_commit_callbacks, now + timedelta(seconds=1))
    print("alert sweep statements: idle", idle, "; 10 due", ten, "; 20 due", twenty)
    assert QuestionEvent.objects.filter(kind="overdue").count() == 30
    # Locked read, claim, events, and the empty due-soon read; the batch's one task row is
    # written after commit (one more statement with the database task backend).
    assert idle <= 2
    assert ten == twenty <= 4
    assert questions_alert_sweep(now=now + timedelta(seconds=2)) == 0


def test_the_batch_task_emails_every_alert(service, mod_role, django_capture_on_commit_callbacks):
    make_standard(service, email_alerts=True)
    for _ in range(3):
        ask(mod_role, at=timezone.now() - timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert questions_alert_sweep() == 3
    assert len(mail.outbox) == 3
    assert all("overdue" in message.subject for message in mail.outbox)
