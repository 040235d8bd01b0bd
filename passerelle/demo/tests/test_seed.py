"""The demo service: everything a screen needs, and seeding twice duplicates nothing.

Invariants, not totals: the history's size follows demo/content.py, which changes; what the
demo promises (README: 40 members, a year of history, the four labels, guidelines in the
service's languages, people joining, leaving and removed) must hold whatever it holds.
"""

import pytest
from django.utils import timezone

from passerelle.communities.models import Membership
from passerelle.conversations.models import Label, Message
from passerelle.demo.seed import MEMBER_COUNT, seed_demo

from .helpers import row_counts

# What the demo shows of a membership's life: members in the group, a join request
# waiting for a moderator, people who left and people removed.
PROMISED_STATUSES = {"active", "pending", "left", "removed"}


@pytest.mark.django_db
def test_demo_has_a_year_of_history_and_seeding_twice_adds_nothing():
    now = timezone.now()
    first = seed_demo(now)
    service = first["service"]
    assert first["members"] == MEMBER_COUNT and first["messages_created"] > 0
    assert service.languages == ["ar", "en", "fr"]
    assert set(service.guidelines.get().texts) == set(service.languages)
    messages = Message.objects.filter(service=service)
    # Every message is labelled, and every label of the inbox has examples.
    assert set(messages.values_list("label", flat=True)) == set(Label.values)
    # A year of it: each of the twelve months before this one has messages, none is ahead.
    months = {(m.created_at.year, m.created_at.month) for m in messages.only("created_at")}
    for back in range(1, 13):
        year, month = divmod(now.year * 12 + now.month - 1 - back, 12)
        assert (year, month + 1) in months, (year, month + 1)
    assert not messages.filter(created_at__gt=now).exists()
    statuses = set(Membership.objects.filter(service=service).values_list("status", flat=True))
    assert PROMISED_STATUSES <= statuses
    assert service.threads.filter(kind="private").exists()
    assert {"simulator", "webchat"} <= set(service.channels.values_list("type", flat=True))

    before = row_counts()
    second = seed_demo()
    assert second["messages_created"] == 0 and second["service"] == service
    assert row_counts() == before
