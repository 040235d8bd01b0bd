"""Replies to a person on two channels go through one: the one they wrote on last, or the
one staff chose for their conversation (only channels that reach them); a WhatsApp
channel outside its 24-hour window keeps its rule. Real WhatsApp and SMS channel types,
against the fake Graph API and the fake Twilio."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import ContactStatus, OutboundMessage
from passerelle.conversations.models import Thread, ThreadEvent
from passerelle.conversations.reach import reach_for_many, reply_channel_choices
from passerelle.conversations.services import message_reply, thread_reply_channel_set
from passerelle.members.merge import member_merge
from passerelle.testing import two_channels
from passerelle.testing.factories import make_channel

fake_graph = two_channels.fake_graph
fake_twilio = two_channels.fake_twilio
wa = two_channels.wa
sms = two_channels.sms
writes = two_channels.writes
role = two_channels.role
person = two_channels.person


@pytest.fixture
def merged(person, role):
    a, b = person
    member_merge(role=role, kept=a, merged=b)
    a.refresh_from_db()
    return a, Thread.objects.get(member=a, kind="private")


def _sent_on(role, thread, text):
    message = message_reply(role=role, thread=thread, text=text)
    return sorted(
        OutboundMessage.objects.filter(source_id=message.pk).values_list("channel_id", "recipient")
    )


def test_a_reply_goes_once_through_the_channel_they_wrote_on_last(merged, role, wa, sms, writes):
    a, thread = merged
    # Their last message was the SMS: the reply goes by SMS only, not on both platforms.
    assert _sent_on(role, thread, "Bonjour Amal") == [(sms.pk, two_channels.PHONE)]
    # WhatsApp dates a message to the second: let that second come after the SMS's time.
    time.sleep(1.1)
    writes(wa, "Je préfère WhatsApp")
    assert _sent_on(role, thread, "D'accord") == [(wa.pk, two_channels.PHONE.lstrip("+"))]
    # The sweeps sending posts, surveys and reminders decide the same way.
    assert [c for c, _a in reach_for_many([a], thread.service_id)[a.pk]] == [wa]


def test_staff_choose_the_channel_and_only_one_that_reaches_the_person(
    merged, role, wa, sms, service
):
    a, thread = merged
    assert {c.pk for c in reply_channel_choices(thread)} == {wa.pk, sms.pk}
    thread_reply_channel_set(role=role, thread=thread, channel_id=wa.pk)
    thread.refresh_from_db()
    assert _sent_on(role, thread, "Par WhatsApp") == [(wa.pk, two_channels.PHONE.lstrip("+"))]
    assert [c for c, _a in reach_for_many([a], service.pk)[a.pk]] == [wa]
    event = ThreadEvent.objects.get(kind=ThreadEvent.Kind.REPLY_CHANNEL)
    assert event.data == {"from": None, "to": wa.pk} and event.actor == role.user
    # A channel of the service where they have no address cannot be chosen.
    web = make_channel(service, "webchat")
    with pytest.raises(ValidationError):
        thread_reply_channel_set(role=role, thread=thread, channel_id=web.pk)
    # Back to "last used": the SMS they wrote last.
    thread_reply_channel_set(role=role, thread=thread, channel_id=None)
    thread.refresh_from_db()
    assert _sent_on(role, thread, "Par SMS") == [(sms.pk, two_channels.PHONE)]


def test_whatsapp_chosen_outside_its_window_asks_for_a_template_as_before(merged, role, wa):
    a, thread = merged
    ContactStatus.objects.filter(channel=wa).update(
        last_inbound_at=timezone.now() - timedelta(hours=25)
    )
    thread_reply_channel_set(role=role, thread=thread, channel_id=wa.pk)
    thread.refresh_from_db()
    with pytest.raises(ValidationError, match="template"):
        message_reply(role=role, thread=thread, text="Hello")
    assert not OutboundMessage.objects.filter(text="Hello").exists()


def test_one_channel_only_is_unchanged(service, wa, writes, role):
    member = writes(wa, "Salam")
    thread = Thread.objects.get(member=member, kind="private")
    assert _sent_on(role, thread, "Salam!") == [(wa.pk, two_channels.PHONE.lstrip("+"))]
    assert reply_channel_choices(thread) == [wa]
