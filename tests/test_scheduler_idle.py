"""A scheduler tick with nothing due costs the same whatever the history (issue 11, point 4).

The scheduler runs every job every few seconds; a job that read its whole table to find
nothing would slow down as a service's history grows. History here is real: member
messages through the webhook, questions labelled, alerted and answered, sends made.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.common.scheduler import run_jobs_once
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.questions.tests.helpers import ask, make_standard
from passerelle.testing.factories import make_staff, post_signed, sim_body

pytestmark = pytest.mark.django_db


def _history(client, channel, role, n: int, start: int) -> None:
    for i in range(start, start + n):
        body = sim_body(sender=f"hist-{i}", event_id=f"hist-{i}", text=f"message {i}")
        assert post_signed(client, channel, body).status_code == 200
        ask(role, at=timezone.now() - timedelta(days=7))


def _tick() -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run_jobs_once()
    return [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]


def test_an_idle_tick_costs_the_same_with_five_or_twenty_of_everything(
    client, service, sim_channel, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_SWEEP_MINUTES = 24 * 60
    _user, role = make_staff(service, Role.MODERATOR)
    make_standard(service, email_alerts=True, digest_hour=0)
    with django_capture_on_commit_callbacks(execute=True):
        _history(client, sim_channel, role, 5, 0)
        run_jobs_once()  # alerts, the digest and the retention sweep are done once
        Question.objects.update(status=Question.Status.ANSWERED)
        small = _tick()
        _history(client, sim_channel, role, 15, 5)
        run_jobs_once()
        Question.objects.update(status=Question.Status.ANSWERED)
        large = _tick()
    print("idle tick statements:", len(small), "->", len(large))
    assert len(large) == len(small), "\n".join(large)
    assert len(small) <= 25, "\n".join(small)
