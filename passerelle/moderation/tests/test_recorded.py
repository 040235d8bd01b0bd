"""Moderation recorded as history (send=False): the same rules, nothing sent or queued."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage, PlatformAction
from passerelle.communities.models import MembershipEvent
from passerelle.conversations.models import Message
from passerelle.moderation.models import MemberWarning, ModerationClaim, RemovalProposal, Report
from passerelle.moderation.reports import report_from_member
from passerelle.moderation.services import member_remove, warn_member


@pytest.fixture
def outside():
    """outside() → what went out to platforms or into claims so far."""
    return lambda: (
        OutboundMessage.objects.count(),
        PlatformAction.objects.count(),
        ModerationClaim.objects.count(),
    )


def test_recorded_warnings_count_and_propose_the_removal(community, mod_role, posting, outside):
    membership, message = posting()
    before = outside()
    first_at = timezone.now() - timedelta(days=20)
    second_at = timezone.now() - timedelta(days=2)
    warn_member(
        role=mod_role,
        membership=membership,
        message=message,
        clause="off_topic",
        kind=MemberWarning.Kind.OFF_TOPIC,
        at=first_at,
        send=False,
    )
    warn_member(role=mod_role, membership=membership, clause="offensive", at=second_at, send=False)
    assert outside() == before
    proposal = RemovalProposal.objects.get(membership=membership)
    assert proposal.created_at == second_at and proposal.reason == "2 warnings (the limit is 2)"
    assert list(
        MembershipEvent.objects.filter(
            membership=membership, kind__in=["warned", "removal_proposed"]
        )
        .order_by("created_at", "id")
        .values_list("kind", "created_at")
    ) == [("warned", first_at), ("warned", second_at), ("removal_proposed", second_at)]
    # What the member was told is in their thread, dated when it was said.
    told = Message.objects.filter(
        thread__member=membership.member, created_at__in=[first_at, second_at]
    )
    assert told.filter(direction="out", author=None).count() == 2


def test_a_recorded_removal_is_told_and_announced_but_not_banned(
    community, mod_role, posting, outside
):
    membership, _message = posting()
    before = outside()
    at = timezone.now() - timedelta(days=9)
    event = member_remove(role=mod_role, membership=membership, reason="spam", at=at, send=False)
    assert outside() == before
    membership.refresh_from_db()
    assert (membership.status, membership.ended_at, event.created_at) == ("removed", at, at)
    recorded = Message.objects.filter(created_at=at, direction="out")
    assert set(recorded.values_list("thread__kind", flat=True)) == {"private", "group"}


def test_a_recorded_report_thanks_the_reporter_unsent(community, posting, newcomer, outside):
    _membership, message = posting()
    reporter = newcomer("مرحبا", chat="group", sender="sim-omar", name="عمر")
    before = outside()
    at = timezone.now() - timedelta(hours=5)
    report = report_from_member(message=message, reporter=reporter, at=at, send=False)
    assert outside() == before
    assert Report.objects.get() == report and report.created_at == at
    assert Message.objects.filter(thread__member=reporter, created_at=at, direction="out").exists()
