"""Stored due times swept by the scheduler: each alert once, even with two schedulers."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from passerelle.common.scheduler import run_jobs_once
from passerelle.orgs.models import Role
from passerelle.questions import services
from passerelle.questions.models import Question, QuestionEvent
from passerelle.questions.sweep import questions_alert_sweep, questions_digest_sweep
from passerelle.questions.tests.helpers import ask, local, make_standard
from passerelle.testing.factories import make_service, make_staff


def _overdue_question(service, role, at=None, **standard):
    make_standard(service, email_alerts=True, **standard)
    # Received a week ago: 24 business hours have long passed.
    return ask(role, at=at or timezone.now() - timedelta(days=7))


@pytest.mark.django_db
def test_overdue_question_is_alerted_once_in_ui_and_by_email(
    service, mod_role, django_capture_on_commit_callbacks
):
    question = _overdue_question(service, mod_role)
    with django_capture_on_commit_callbacks(execute=True):
        assert questions_alert_sweep() == 1
        assert questions_alert_sweep() == 0
    question.refresh_from_db()
    assert question.breached_at is not None and question.warned_at is not None
    assert question.events.filter(kind="overdue").count() == 1
    assert not question.events.filter(kind="due_soon").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [mod_role.user.email]
    assert (
        "overdue" in mail.outbox[0].subject and f"/questions/{question.pk}/" in mail.outbox[0].body
    )


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_alert_an_overdue_question_once():
    service = make_service()
    _user, role = make_staff(service, Role.MODERATOR)
    questions = [_overdue_question(service, role) for _ in range(5)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scheduler():
        try:
            barrier.wait(timeout=10)
            results.append(questions_alert_sweep())
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(results)[-1] + sorted(results)[0] == len(questions)
    assert QuestionEvent.objects.filter(kind="overdue").count() == len(questions)
    for question in questions:
        assert question.events.filter(kind="overdue").count() == 1
    assert len(mail.outbox) == len(questions)


@pytest.mark.django_db
def test_scheduler_runs_the_question_jobs(service, mod_role):
    _overdue_question(service, mod_role)
    results = run_jobs_once()
    assert results["passerelle.questions.sweep.questions_alert_sweep"] == 1


@pytest.mark.django_db
def test_due_soon_then_overdue_each_once(service, mod_role):
    make_standard(service, warn_before_minutes=60)
    question = ask(mod_role)
    assert questions_alert_sweep(now=question.warn_at - timedelta(minutes=1)) == 0
    assert questions_alert_sweep(now=question.warn_at + timedelta(minutes=1)) == 1
    assert questions_alert_sweep(now=question.warn_at + timedelta(minutes=2)) == 0
    assert questions_alert_sweep(now=question.due_at + timedelta(minutes=1)) == 1
    kinds = list(
        question.events.filter(kind__in=["due_soon", "overdue"]).values_list("kind", flat=True)
    )
    assert kinds == ["due_soon", "overdue"]
    assert mail.outbox == []  # email alerts are off unless the service turns them on


@pytest.mark.django_db
def test_answered_or_clock_stopped_questions_are_not_alerted(service, mod_role):
    make_standard(service, acknowledgement_stops_clock=True)
    answered = ask(mod_role, at=timezone.now() - timedelta(days=7))
    services.question_answer(role=mod_role, question=answered, text="ok")
    stopped = ask(mod_role, at=timezone.now() - timedelta(days=7))
    Question.objects.filter(pk=stopped.pk).update(breached_at=None)
    services.question_acknowledge(role=mod_role, question=stopped)
    assert questions_alert_sweep() == 0


@pytest.mark.django_db
def test_alert_goes_to_the_assignee(service, mod_role, django_capture_on_commit_callbacks):
    question = _overdue_question(service, mod_role)
    partner, _role = make_staff(service, Role.PARTNER, email="partner@example.org")
    services.question_assign(role=mod_role, question=question, assignee=partner)
    with django_capture_on_commit_callbacks(execute=True):
        questions_alert_sweep()
    assert [m.to for m in mail.outbox] == [["partner@example.org"]]


@pytest.mark.django_db
def test_daily_digest_once_per_business_day_after_its_hour(service, mod_role):
    question = _overdue_question(service, mod_role, at=local(2026, 2, 23, 10), digest_hour=8)
    monday_7, monday_9 = local(2026, 3, 2, 7), local(2026, 3, 2, 9)
    assert questions_digest_sweep(now=monday_7) == 0
    assert questions_digest_sweep(now=monday_9) == 1
    assert questions_digest_sweep(now=monday_9 + timedelta(hours=3)) == 0
    digest = mail.outbox[-1]
    assert "Daily digest" in digest.subject and question.message.text[:20] in digest.body
    assert questions_digest_sweep(now=local(2026, 3, 7, 9)) == 0  # Saturday
    assert questions_digest_sweep(now=local(2026, 3, 3, 9)) == 1  # Tuesday
