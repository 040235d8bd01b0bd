"""The intake's reminders and expiries, through the prompts' sweep, cost what is due: a
constant plus at most 3 statements a row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.models import PlatformAction
from passerelle.communities.intake import intake_start
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.prompts.models import Prompt
from passerelle.prompts.sweep import prompt_deadlines_sweep
from passerelle.questions.tests.helpers import make_member

pytestmark = pytest.mark.django_db


def _due_intakes(service, channel, n, now, field):
    pks = []
    for i in range(n):
        member = make_member(service, language=("ar", "en")[i % 2], address=f"sim-{field}-{n}-{i}")
        intake = intake_start(
            service=service,
            channel=channel,
            member=member,
            source="join_request",
            platform_params={"chat_id": "-100"},
        )
        pks.append(intake.pk)
    changes = {"remind_at": now - timedelta(minutes=1)}
    if field == "expires_at":
        changes = {
            "reminded_at": now - timedelta(hours=1),
            "expires_at": now - timedelta(minutes=1),
        }
    Prompt.objects.filter(owner="intake", owner_id__in=pks, state="open").update(**changes)
    return pks


def _sweep_statements(service, channel, n, now, field, capture):
    pks = _due_intakes(service, channel, n, now, field)
    with capture(execute=False), CaptureQueriesContext(connection) as queries:
        assert prompt_deadlines_sweep(now=now) == n
    assert prompt_deadlines_sweep(now=now) == 0  # claimed once
    return len(queries), pks


def test_ten_more_reminders_cost_at_most_thirty_more_statements(
    community, sim_channel, django_capture_on_commit_callbacks
):
    now = timezone.now()
    args = (community, sim_channel)
    capture = django_capture_on_commit_callbacks
    ten, _ = _sweep_statements(*args, 10, now, "remind_at", capture)
    twenty, pks = _sweep_statements(*args, 20, now + timedelta(seconds=1), "remind_at", capture)
    print("intake reminders statements: 10 due ->", ten, "; 20 due ->", twenty)
    reminded = Prompt.objects.filter(owner="intake", owner_id__in=pks, reminded_at__isnull=False)
    assert reminded.count() == 20
    assert twenty - ten <= 3 * 10


def test_ten_more_expiries_cost_at_most_thirty_more_statements(
    community, sim_channel, django_capture_on_commit_callbacks
):
    now = timezone.now()
    args = (community, sim_channel)
    capture = django_capture_on_commit_callbacks
    ten, _ = _sweep_statements(*args, 10, now, "expires_at", capture)
    twenty, pks = _sweep_statements(*args, 20, now + timedelta(seconds=1), "expires_at", capture)
    print("intake expiries statements: 10 due ->", ten, "; 20 due ->", twenty)
    assert Intake.objects.filter(pk__in=pks, state="expired").count() == 20
    assert Membership.objects.filter(intakes__pk__in=pks, status="withdrawn").count() == 20
    assert MembershipEvent.objects.filter(kind="request_expired").count() == 30
    assert PlatformAction.objects.filter(action="decline_join").count() == 30
    assert twenty - ten <= 3 * 10
