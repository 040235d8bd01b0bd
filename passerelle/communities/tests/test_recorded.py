"""Joining and leaving recorded as history (send=False): the same rules, nothing sent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from passerelle.channels.models import OutboundMessage, PlatformAction
from passerelle.communities.intake import intake_answer, intake_start
from passerelle.communities.lifecycle import member_leave
from passerelle.communities.models import Membership
from passerelle.communities.services import membership_ensure, membership_remove
from passerelle.conversations.models import Message
from passerelle.members.services import member_for_identity


def _member(service, address="sim-suad", at=None):
    member, _created = member_for_identity(
        org=service.org, platform="sim", address=address, name="سعاد", language="ar", at=at
    )
    return member


def _sent():
    return OutboundMessage.objects.count(), PlatformAction.objects.count()


def test_a_recorded_join_request_asks_and_records_every_question_unsent(community, sim_channel):
    started = timezone.now() - timedelta(hours=6)
    member = _member(community, at=started)
    assert member.created_at == started
    with transaction.atomic():
        intake = intake_start(
            service=community,
            channel=sim_channel,
            member=member,
            source="join_request",
            at=started,
            send=False,
        )
        for minute, text in enumerate(["1", "نعم", "نعم", "3", "نعم"], start=1):
            intake_answer(
                intake=intake, text=text, at=started + timedelta(minutes=minute), send=False
            )
    assert _sent() == (0, 0)
    intake.refresh_from_db()
    assert (intake.state, intake.eligible, intake.started_at) == ("review", True, started)
    assert intake.completed_at == started + timedelta(minutes=5)
    assert intake.answers.count() == 5
    assert Membership.objects.get(member=member).status == "pending"
    told = Message.objects.filter(thread__member=member, direction="out").order_by("id")
    # Intro, five questions (the guidelines with their full text), then "a moderator will see".
    assert told.count() == 8 and told.first().created_at == started
    assert "سيراجع أحد المشرفين" in told.last().text


def test_a_recorded_leave_confirms_in_the_thread_and_bans_nowhere(community, sim_channel):
    joined = timezone.now() - timedelta(days=90)
    member = _member(community, at=joined)
    membership = membership_ensure(service=community, member=member, via="import", at=joined)
    left = joined + timedelta(days=40)
    assert member_leave(service=community, member=member, via="import", at=left, send=False)
    assert _sent() == (0, 0)
    membership.refresh_from_db()
    assert (membership.status, membership.ended_at) == ("left", left)
    assert Message.objects.filter(thread__member=member, created_at=left).count() == 2


def test_only_an_active_membership_is_removed(community):
    member = _member(community)
    membership = membership_ensure(service=community, member=member)
    event = membership_remove(membership=membership, reason="spam")
    assert event.kind == "removed" and membership.status == "removed"
    assert membership_remove(membership=membership, reason="again") is None
    assert membership.events.filter(kind="removed").count() == 1
