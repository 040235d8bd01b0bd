"""Removing, re-admitting, muting, deleting posts and the off-topic protocol."""

import pytest
from django.core.exceptions import ValidationError

from passerelle.channels.models import PlatformAction
from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import policy_for
from passerelle.conversations.models import Message
from passerelle.conversations.selectors import member_feed
from passerelle.moderation.access import member_mute, member_unmute
from passerelle.moderation.models import MemberWarning, MessageRemoval, RemovalProposal
from passerelle.moderation.reports import message_delete, off_topic_protocol
from passerelle.moderation.services import member_readmit, member_remove
from passerelle.moderation.tests.conftest import sent_to


def _group_texts(service):
    return list(
        Message.objects.filter(service=service, thread__kind="group", direction="out").values_list(
            "text", flat=True
        )
    )


def test_removal_tells_the_person_bans_and_announces_without_a_name(community, mod_role, posting):
    membership, _message = posting()
    member_remove(role=mod_role, membership=membership, reason="Insults", clause="offensive")
    assert "تمت إزالتكم" in sent_to(membership.member, 1)[0]
    assert PlatformAction.objects.filter(action="ban").count() == 1
    announcement = _group_texts(community)[-1]
    assert "تمت إزالة أحد الأعضاء" in announcement and "A member was removed" in announcement
    assert membership.member.display_name not in announcement


def test_removal_announcement_names_the_member_only_when_the_service_chooses(
    community, mod_role, posting
):
    policy = policy_for(community)
    policy.announce_removed_name = True
    policy.save()
    membership, _message = posting()
    member_remove(role=mod_role, membership=membership, reason="Insults")
    assert membership.member.display_name in _group_texts(community)[-1]


def test_removal_without_announcement(community, mod_role, posting):
    membership, _message = posting()
    member_remove(role=mod_role, membership=membership, reason="Spam", announce=False)
    assert _group_texts(community) == []


def test_readmit_with_a_note_unbans(community, mod_role, posting):
    membership, _message = posting()
    member_remove(role=mod_role, membership=membership, reason="Spam")
    with pytest.raises(ValidationError):
        member_readmit(role=mod_role, membership=membership, note="")
    member_readmit(role=mod_role, membership=membership, note="Apologised by phone")
    membership.refresh_from_db()
    assert membership.status == "active"
    assert membership.events.get(kind="readmitted").reason == "Apologised by phone"
    assert PlatformAction.objects.filter(action="unban").count() == 1
    assert "أهلاً بعودتكم" in sent_to(membership.member, 1)[0]
    with pytest.raises(ValidationError):
        member_readmit(role=mod_role, membership=membership, note="again")


def test_removed_member_cannot_post_in_our_own_group(community, mod_role, posting, newcomer):
    membership, _message = posting()
    member_remove(role=mod_role, membership=membership, reason="Spam", announce=False)
    newcomer("I am back", chat="group")
    assert not Message.objects.filter(text="I am back").exists()
    assert "لستم أعضاء" in sent_to(membership.member, 1)[0]


def test_mute_blocks_posting_until_unmuted(community, mod_role, posting, newcomer):
    membership, _message = posting()
    with pytest.raises(ValidationError):
        member_mute(role=mod_role, membership=membership, hours=0)
    event = member_mute(
        role=mod_role, membership=membership, hours=24, reason="Flooding", clause="offensive"
    )
    assert event.kind == "muted" and event.clause == "offensive"
    restrict = PlatformAction.objects.get(action="restrict")
    assert restrict.params["until"] == event.data["until"]
    newcomer("still talking", chat="group")
    assert not Message.objects.filter(text="still talking").exists()
    assert "لا يمكنكم النشر" in sent_to(membership.member, 1)[0]
    member_unmute(role=mod_role, membership=membership)
    assert PlatformAction.objects.filter(action="unrestrict").count() == 1
    assert "من جديد" in sent_to(membership.member, 1)[0]
    newcomer("thanks", chat="group")
    assert Message.objects.filter(text="thanks").exists()
    with pytest.raises(ValidationError):
        member_unmute(role=mod_role, membership=membership)


def test_deleted_post_disappears_for_members_and_on_the_platform(community, mod_role, posting):
    membership, message = posting("رقم هاتفي 613-555-0101")
    message_delete(role=mod_role, message=message, reason="Phone number", clause="privacy")
    assert message.pk not in [m.pk for m in member_feed(community, membership.member)]
    assert MessageRemoval.objects.get(message=message).actor == mod_role.user
    action = PlatformAction.objects.get(action="delete_message")
    assert action.params["message_id"] == message.platform_message_id
    event = membership.events.get(kind="message_deleted")
    assert event.clause == "privacy" and event.data["text"].startswith("رقم هاتفي")
    # Deleting twice does nothing more.
    message_delete(role=mod_role, message=message)
    assert PlatformAction.objects.filter(action="delete_message").count() == 1


def test_off_topic_protocol_in_one_action(community, mod_role, posting):
    membership, message = posting("ما رأيكم في الانتخابات؟")
    warning = off_topic_protocol(role=mod_role, message=message)
    assert MessageRemoval.objects.filter(message=message).exists()
    description = _group_texts(community)[-1]
    assert description.startswith(f"عن هذه المجموعة — {community.name}")
    assert "About this group" in description and "/g/" in description
    reminder = sent_to(membership.member, 1)[0]
    assert reminder.startswith("تذكير خاص") and "جماعتكم الدينية" in reminder
    assert "3. المواضيع المقبولة" in reminder
    assert warning.kind == "off_topic" and warning.clause == "off_topic"
    kinds = set(MembershipEvent.objects.values_list("kind", flat=True))
    assert {"message_deleted", "warned"} <= kinds
    assert not RemovalProposal.objects.exists()


def test_off_topic_repeat_after_the_reminder_proposes_removal(community, mod_role, posting):
    policy = policy_for(community)
    policy.warnings_before_removal = 5  # the repeat rule does not wait for the limit
    policy.save()
    membership, first = posting("منشور سياسي")
    off_topic_protocol(role=mod_role, message=first)
    _membership, second = posting("منشور ديني")
    off_topic_protocol(role=mod_role, message=second)
    proposal = RemovalProposal.objects.get(membership=membership)
    assert proposal.clause == "off_topic" and "off-topic" in proposal.reason
    assert MemberWarning.objects.filter(kind="off_topic").count() == 2


def test_off_topic_protocol_only_for_group_posts_of_members(community, mod_role, newcomer):
    member = newcomer("private question", chat="private")
    message = Message.objects.get(member=member, text="private question")
    with pytest.raises(ValidationError):
        off_topic_protocol(role=mod_role, message=message)
