"""Recording messages that happened elsewhere: stored as they were, nothing is sent."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.services import (
    group_thread_for,
    message_record,
    messages_record,
    private_thread_for,
)
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_staff


@pytest.fixture
def amira(service):
    member, _created = member_for_identity(
        org=service.org, platform="sim", address="sim-amira", name="أميرة", language="ar"
    )
    return member


def test_a_recorded_message_keeps_its_time_and_is_not_sent(service, amira):
    make_channel(service, "simulator")  # a channel that would carry a sent message
    staff, _role = make_staff(service, Role.MODERATOR)
    thread = private_thread_for(service, amira)
    at = timezone.now() - timedelta(days=30)
    asked = message_record(thread=thread, direction="in", text="  مرحبا ", at=at, label="other")
    answer = message_record(
        thread=thread,
        direction="out",
        author=staff,
        text="أهلا",
        at=at + timedelta(hours=1),
        reply_to=asked,
        label="information",
        labelled_by=staff,
    )
    assert asked.pk and answer.pk and OutboundMessage.objects.count() == 0
    asked.refresh_from_db()
    assert (asked.text, asked.created_at, asked.member, asked.language) == (
        "مرحبا",
        at,
        amira,
        "ar",
    )
    answer.refresh_from_db()
    # A private thread's messages all carry its member, as sent ones do.
    assert answer.member == amira and answer.reply_to == asked and answer.labelled_by == staff
    thread.refresh_from_db()
    assert thread.last_activity_at == at + timedelta(hours=1) and thread.unread_count == 0


def test_a_batch_counts_unread_as_if_it_had_arrived_in_time_order(service, amira):
    staff, _role = make_staff(service, Role.MODERATOR)
    group = group_thread_for(service)
    private = private_thread_for(service, amira)
    start = timezone.now() - timedelta(days=3)

    def at(hours):
        return start + timedelta(hours=hours)

    records = [
        # Given out of order: the staff post at hour 2 was read after hour 1's message.
        {"thread": group, "direction": "in", "member": amira, "text": "c", "at": at(3)},
        {"thread": group, "direction": "out", "author": staff, "text": "b", "at": at(2)},
        {"thread": group, "direction": "in", "member": amira, "text": "a", "at": at(1)},
        {"thread": group, "direction": "in", "member": amira, "text": "d", "at": at(4)},
        # An automatic notice (no author) reads nothing.
        {"thread": private, "direction": "in", "text": "e", "at": at(1)},
        {"thread": private, "direction": "out", "text": "notice", "at": at(5)},
    ]
    messages = messages_record(records)
    assert [m.text for m in messages] == ["c", "b", "a", "d", "e", "notice"]
    assert all(m.pk for m in messages) and OutboundMessage.objects.count() == 0
    group.refresh_from_db()
    private.refresh_from_db()
    assert (group.unread_count, group.last_activity_at) == (2, at(4))
    assert (private.unread_count, private.last_activity_at) == (1, at(5))

    # An older message recorded later does not move the last activity back.
    message_record(thread=group, direction="in", member=amira, text="old", at=at(-48))
    group.refresh_from_db()
    assert (group.unread_count, group.last_activity_at) == (3, at(4))


def test_a_record_must_make_sense(service, amira):
    thread = group_thread_for(service)
    now = timezone.now()
    bad = [
        {"direction": "sideways", "text": "x", "member": amira},
        {"direction": "in", "text": "  ", "member": amira},
        {"direction": "in", "text": "x"},  # received from nobody
        {"direction": "in", "text": "x", "member": amira, "label": "gossip"},
        {"direction": "in", "text": "x", "member": amira, "at": None},
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            message_record(thread=thread, **{"at": now, **fields})
    other, _created = member_for_identity(org=service.org, platform="sim", address="sim-other")
    with pytest.raises(ValidationError):
        message_record(
            thread=private_thread_for(service, amira),
            direction="in",
            member=other,
            text="x",
            at=now,
        )
    assert not thread.messages.exists()
