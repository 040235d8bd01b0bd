"""Leaving: /leave, STOP / ARRÊT / توقف, or leaving on the platform — counted as "left"."""

import pytest

from passerelle.channels.models import PlatformAction
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.services import policy_for
from passerelle.communities.tests.conftest import sent_to
from passerelle.conversations.models import Message
from passerelle.moderation.access import member_leave_process
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff


def _member(newcomer, **kw):
    return newcomer("مرحبا", chat="group", **kw)


def test_leave_command_ends_membership_confirms_and_counts_as_left(community, newcomer):
    member = _member(newcomer)
    newcomer("/leave")
    membership = Membership.objects.get(member=member)
    assert membership.status == "left" and membership.ended_at is not None
    event = membership.events.get(kind="left")
    assert event.data["via"] == "simulator:/leave" and event.actor is None
    assert not membership.events.filter(kind="removed").exists()
    # Taken out of the group on the platform, with a short ban that lets them come back.
    ban = PlatformAction.objects.get(action="ban")
    assert ban.params["user"] == "sim-amira" and ban.params["leave"] is True
    confirm, feedback = sent_to(member, 2)
    assert "لقد غادرتم" in confirm and "/start" in confirm
    assert "لماذا تغادرون" in feedback
    # The command stays in the member's private conversation.
    assert Message.objects.filter(direction="in", text="/leave", thread__kind="private").exists()


@pytest.mark.parametrize("word", ["STOP", "ARRÊT", "arret", "توقف", "Stop."])
def test_stop_words_in_a_private_chat_leave(community, newcomer, word):
    member = _member(newcomer)
    newcomer(word)
    assert Membership.objects.get(member=member).status == "left"


def test_stop_in_the_group_is_only_a_message(community, newcomer):
    member = _member(newcomer)
    newcomer("stop", chat="group")
    assert Membership.objects.get(member=member).status == "active"
    assert Message.objects.filter(text="stop", thread__kind="group").exists()


def test_exit_feedback_is_recorded_once_and_thanked(community, newcomer):
    member = _member(newcomer)
    newcomer("/leave")
    newcomer("وجدت عملاً ولم أعد أحتاج المجموعة")
    membership = Membership.objects.get(member=member)
    feedback = membership.events.get(kind="exit_feedback")
    assert feedback.reason == "وجدت عملاً ولم أعد أحتاج المجموعة"
    assert "شكراً لإخبارنا" in sent_to(member, 1)[0]
    newcomer("another message")  # not feedback any more: an ordinary private message
    assert membership.events.filter(kind="exit_feedback").count() == 1


def test_no_feedback_question_when_the_service_turned_it_off(community, newcomer):
    policy = policy_for(community)
    policy.exit_feedback = False
    policy.save()
    member = _member(newcomer)
    newcomer("/leave")
    assert "لقد غادرتم" in sent_to(member, 1)[0]
    assert MembershipEvent.objects.get(kind="left").data["feedback_asked"] is False


def test_leaving_on_the_platform_is_recorded_with_its_origin(community, newcomer):
    member = _member(newcomer)
    newcomer(kind="leave", chat="group")
    membership = Membership.objects.get(member=member)
    assert membership.status == "left"
    assert membership.events.get(kind="left").data["via"] == "simulator:left"
    assert not PlatformAction.objects.filter(action="ban").exists()  # already gone there
    assert "لقد غادرتم" in sent_to(member, 2)[0]


def test_platform_left_after_a_removal_stays_a_removal(community, newcomer):
    member = _member(newcomer)
    Membership.objects.filter(member=member).update(status="removed")
    newcomer(kind="leave", chat="group")
    assert Membership.objects.get(member=member).status == "removed"
    assert not MembershipEvent.objects.filter(kind="left").exists()


def test_leave_when_not_a_member(community, newcomer):
    member = _member(newcomer)
    newcomer("/leave")
    newcomer("/leave")
    assert "لستم أعضاء" in sent_to(member, 1)[0]
    assert MembershipEvent.objects.filter(kind="left").count() == 1


def test_moderator_processes_a_leave_request_sent_in_words(community, newcomer):
    member = _member(newcomer)
    newcomer("من فضلكم أخرجوني من المجموعة")
    user, role = make_staff(community, Role.MODERATOR)
    membership = Membership.objects.get(member=member)
    assert member_leave_process(role=role, membership=membership, note="asked in a message")
    membership.refresh_from_db()
    event = membership.events.get(kind="left")
    assert membership.status == "left" and event.actor == user
    assert event.data["via"] == "moderator" and event.reason == "asked in a message"
    assert "لقد غادرتم" in sent_to(member, 2)[0]


def test_welcome_back_after_leaving_starts_a_new_intake(community, newcomer):
    member = _member(newcomer)
    newcomer("/leave")
    newcomer("/start")
    membership = Membership.objects.get(member=member)
    assert membership.status == "pending"
    assert membership.intakes.get().state == "in_progress"
