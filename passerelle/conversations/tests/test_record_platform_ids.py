"""Recording a chat export's messages: platform ids, replies named by id, files, deletions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.members.services import member_for_identity


@pytest.fixture
def amira(service):
    member, _created = member_for_identity(
        org=service.org, platform="whatsapp_export", address="name-amira", name="Amira"
    )
    return member


def _row(thread, member, pid, text="x", minutes=0, **extra):
    return {
        "thread": thread,
        "direction": "in",
        "member": member,
        "text": text,
        "at": timezone.now() - timedelta(days=1) + timedelta(minutes=minutes),
        "platform_message_id": pid,
        **extra,
    }


def test_a_thread_keeps_each_platform_id_once_when_asked(service, amira):
    thread = group_thread_for(service)
    rows = [_row(thread, amira, "wa:1"), _row(thread, amira, "wa:2"), _row(thread, amira, "wa:1")]
    assert len(messages_record(rows, skip_recorded=True)) == 2
    assert messages_record(rows, skip_recorded=True) == []
    assert thread.messages.count() == 2
    thread.refresh_from_db()
    assert thread.unread_count == 2  # the second run changed nothing


def test_replies_named_by_platform_id_are_linked_in_the_batch_and_across_batches(service, amira):
    thread = group_thread_for(service)
    (question,) = messages_record([_row(thread, amira, "tg:1", "question")])
    answer, follow_up, lost = messages_record(
        [
            _row(thread, amira, "tg:2", "answer", 1, reply_to_platform_id="tg:1"),
            _row(thread, amira, "tg:3", "follow-up", 2, reply_to_platform_id="tg:4"),
            _row(thread, amira, "tg:4", "later", 3, reply_to_platform_id="tg:99"),
        ]
    )
    for message in (answer, follow_up, lost):
        message.refresh_from_db()
    assert answer.reply_to == question
    assert follow_up.reply_to.platform_message_id == "tg:4"
    assert lost.reply_to is None  # answers a message the export does not hold


def test_a_file_or_a_deleted_message_needs_no_text(service, amira):
    thread = group_thread_for(service)
    photo, deleted = messages_record(
        [
            _row(thread, amira, "a", "", media_kind="photo"),
            _row(thread, amira, "b", "", extra={"deleted": True}),
        ]
    )
    assert (photo.media_kind, photo.text, deleted.extra) == ("photo", "", {"deleted": True})
    with pytest.raises(ValidationError):
        messages_record([_row(thread, amira, "c", "")])
    with pytest.raises(ValidationError):
        messages_record([_row(thread, amira, "d", "x", media_kind="hologram")])
