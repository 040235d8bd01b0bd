"""The demo service: everything a screen needs, and seeding twice duplicates nothing.

Invariants, not totals: the history's size follows demo/content.py, which changes; what the
demo promises (README: 40 members, a year of history, the four labels, guidelines in the
service's languages, people joining, leaving and removed) must hold whatever it holds.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone

from passerelle.channels.models import OutboundMessage, PlatformAction
from passerelle.communities.models import Membership
from passerelle.conversations.models import Label, Message
from passerelle.demo.seed import seed_demo
from passerelle.questions.models import Question
from passerelle.referrals.models import Referral


def _counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_demo_has_a_year_of_history_and_seeding_twice_adds_nothing():
    now = timezone.now()
    first = seed_demo(now)
    service = first["service"]
    assert first["members"] > 0 and first["messages_created"] > 0
    assert service.languages == ["ar", "en", "fr"]
    assert set(service.guidelines.get().texts) == {"ar", "fr", "en"}
    labels = set(Message.objects.filter(service=service).values_list("label", flat=True))
    assert set(Label.values) <= labels  # every line of the activity table (Table 5)
    # A year of it: each of the twelve months before this one has messages, none is ahead.
    messages = Message.objects.filter(service=service)
    months = {(m.created_at.year, m.created_at.month) for m in messages.only("created_at")}
    for back in range(1, 13):
        year, month = divmod(now.year * 12 + now.month - 1 - back, 12)
        assert (year, month + 1) in months, (year, month + 1)
    assert not messages.filter(created_at__gt=now).exists()
    statuses = set(Membership.objects.filter(service=service).values_list("status", flat=True))
    assert {"active", "left", "removed", "pending"} <= statuses
    assert service.threads.filter(kind="private").exists()
    assert service.channels.filter(type="simulator").exists()
    # Every questions view has content: overdue questions and private messages waiting,
    # open referrals (the follow-up still to come).
    assert first["private_waits_tracked"] == 5 and first["referrals_created"] == 2
    overdue = Question.objects.filter(service=service, status="open", due_at__lte=now)
    assert {"private", "labelled"} <= set(overdue.values_list("source", flat=True))
    assert Referral.objects.filter(service=service, outcome="pending").count() == 2
    # History is recorded, not sent: no platform would receive anything from the seed.
    assert OutboundMessage.objects.count() == PlatformAction.objects.count() == 0

    counts = _counts()
    second = seed_demo()
    assert second["messages_created"] == 0
    assert _counts() == counts


def test_the_demo_writes_no_row_itself():
    """Every write goes through the apps' services, so the demo follows the product's rules."""
    demo = Path(__file__).resolve().parents[1]
    write = re.compile(
        r"\.(create|bulk_create|get_or_create|update_or_create|update|save|delete)\("
    )
    found = [
        f"{path.relative_to(demo)}:{n}: {line.strip()}"
        for path in demo.rglob("*.py")
        if "tests" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if write.search(line)
    ]
    assert found == []
