"""One reminder, then expiry, from stored deadlines; the sweep costs what is due."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message
from passerelle.prompts.models import Prompt
from passerelle.prompts.services import prompt_ask
from passerelle.prompts.sweep import prompt_deadlines_sweep
from passerelle.questions.tests.helpers import make_member

pytestmark = pytest.mark.django_db

WORDING = {"en": "How useful is the group?", "fr": "Le groupe vous est-il utile ?"}


def _ask(service, member, now, owner="test_survey", **kw):
    return prompt_ask(
        service=service,
        member=member,
        channel=None,
        owner=owner,
        owner_id=member.pk,
        key="useful",
        kind=Prompt.Kind.SCALE,
        wording=WORDING,
        at=now - timedelta(hours=30),
        remind_at=now - timedelta(minutes=1),
        expires_at=now + timedelta(hours=1),
        **kw,
    )


def test_one_reminder_then_expiry_then_the_queued_prompt(service, recorder):
    now = timezone.now()
    member = make_member(service, language="fr")
    prompt = _ask(service, member, now)
    queued = _ask(service, member, now, owner="test_checkin")
    assert prompt_deadlines_sweep(now=now) == 1
    assert prompt_deadlines_sweep(now=now) == 0  # claimed once
    reminder = Message.objects.filter(thread=prompt.thread).latest("id")
    assert reminder.text == (
        "Petit rappel : nous attendons toujours votre réponse.\n\n"
        "Le groupe vous est-il utile ?\nRépondez de 1 (le plus bas) à 5 (le plus haut)."
    )
    assert [p.pk for p in recorder.reminders] == [prompt.pk]
    later = now + timedelta(hours=2)
    assert prompt_deadlines_sweep(now=later) == 1
    prompt.refresh_from_db()
    queued.refresh_from_db()
    assert prompt.state == Prompt.State.EXPIRED and [p.pk for p in recorder.expiries] == [prompt.pk]
    assert queued.state == Prompt.State.OPEN and queued.asked_at == later


def _sweep_statements(service, n, now, capture):
    members = [
        make_member(service, language=("fr", "ar")[i % 2], address=f"sim-p-{n}-{i}")
        for i in range(n)
    ]
    for member in members:
        _ask(service, member, now)
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        assert prompt_deadlines_sweep(now=now) == n
    return len(queries)


def test_ten_more_reminders_cost_ten_more_statements(
    service, sim_channel, recorder, django_capture_on_commit_callbacks
):
    now = timezone.now()
    capture = django_capture_on_commit_callbacks
    ten = _sweep_statements(service, 10, now, capture)
    twenty = _sweep_statements(service, 20, now + timedelta(seconds=1), capture)
    print("prompt reminders statements: 10 due ->", ten, "; 20 due ->", twenty)
    assert Message.objects.filter(text__startswith="Petit rappel").count() == 5 + 10
    assert OutboundMessage.objects.count() == 2 * (10 + 20)  # each asked, then reminded
    assert twenty - ten == 10  # one claim each; the rest is batched
    assert ten <= 10 + 15


def _expiry_statements(service, n, now, capture):
    members = [make_member(service, address=f"sim-x-{n}-{i}") for i in range(n)]
    for member in members:
        _ask(service, member, now)
    Prompt.objects.filter(member__in=members).update(reminded_at=now, expires_at=now)
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        assert prompt_deadlines_sweep(now=now) == n
    return len(queries)


def test_ten_more_expiries_cost_at_most_thirty_more_statements(
    service, sim_channel, recorder, django_capture_on_commit_callbacks
):
    now = timezone.now()
    capture = django_capture_on_commit_callbacks
    ten = _expiry_statements(service, 10, now, capture)
    twenty = _expiry_statements(service, 20, now + timedelta(seconds=1), capture)
    print("prompt expiries statements: 10 due ->", ten, "; 20 due ->", twenty)
    assert twenty - ten <= 3 * 10
