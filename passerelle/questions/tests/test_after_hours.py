"""Private messages received while closed get one auto-reply per closed period."""

import json
import uuid
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message
from passerelle.questions.after_hours import opening_hours_text
from passerelle.questions.models import AfterHoursReply
from passerelle.questions.standards import StandardSpec, due_at, next_opening
from passerelle.questions.tests.helpers import TORONTO, make_standard
from passerelle.testing.factories import post_signed

pytestmark = pytest.mark.django_db


def _body(at: datetime, *, chat="private", sender="sms-42", language="fr", text="Bonjour ?"):
    event_id = f"sim-{uuid.uuid4()}"
    return json.dumps(
        {
            "event_id": event_id,
            "type": "message",
            "chat": chat,
            "text": text,
            "message_id": event_id,
            "timestamp": at.timestamp(),
            "sender": {"id": sender, "name": "Claire", "language": language},
        }
    ).encode()


def _send(client, channel, capture, at, **kw):
    with capture(execute=True):
        assert post_signed(client, channel, _body(at, **kw)).status_code == 200


def _next_saturday_noon() -> datetime:
    # In the future, so the closed period it belongs to is not over yet.
    day = (timezone.now() + timedelta(days=7)).astimezone(TORONTO).date()
    while day.weekday() != 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(12), tzinfo=TORONTO)


def _auto_replies():
    return Message.objects.filter(direction="out", author__isnull=True).order_by("id")


def test_one_auto_reply_per_closed_period_in_the_members_language(
    client, sim_channel, django_capture_on_commit_callbacks
):
    standard = make_standard(sim_channel.service)
    capture = django_capture_on_commit_callbacks
    saturday = _next_saturday_noon()
    _send(client, sim_channel, capture, saturday)
    reply = _auto_replies().get()
    asked = Message.objects.get(direction="in")
    assert reply.reply_to == asked and reply.thread == asked.thread and reply.language == "fr"
    assert "du lundi au vendredi 9:00–17:00" in reply.text
    assert OutboundMessage.objects.get(source_id=reply.pk).recipient == "sms-42"
    due = due_at(saturday, standard).astimezone(TORONTO)
    assert f"{due.hour}:{due.minute:02d}" in reply.text

    # Still the same closed period (Sunday): no second auto-reply.
    _send(client, sim_channel, capture, saturday + timedelta(days=1))
    assert _auto_replies().count() == 1
    # While open: none.
    opens = next_opening(saturday, standard)
    _send(client, sim_channel, capture, opens + timedelta(hours=1))
    assert _auto_replies().count() == 1
    # After closing that day: a new closed period, a new auto-reply.
    evening = datetime.combine(opens.date(), time(20), tzinfo=TORONTO)
    _send(client, sim_channel, capture, evening)
    assert _auto_replies().count() == 2
    assert AfterHoursReply.objects.count() == 2


def test_arabic_member_gets_the_arabic_text(
    client, sim_channel, django_capture_on_commit_callbacks
):
    make_standard(sim_channel.service)
    _send(
        client,
        sim_channel,
        django_capture_on_commit_callbacks,
        _next_saturday_noon(),
        language="ar",
        text="مرحبا",
    )
    reply = _auto_replies().get()
    assert "من الاثنين إلى الجمعة" in reply.text and reply.language == "ar"


def test_group_messages_and_services_without_standard_get_no_auto_reply(
    client, sim_channel, django_capture_on_commit_callbacks
):
    saturday = _next_saturday_noon()
    _send(client, sim_channel, django_capture_on_commit_callbacks, saturday)
    assert not _auto_replies().exists()  # no standard configured: no promise made
    make_standard(sim_channel.service)
    _send(client, sim_channel, django_capture_on_commit_callbacks, saturday, chat="group")
    assert not _auto_replies().exists()
    make_standard(sim_channel.service, after_hours_reply=False)
    _send(client, sim_channel, django_capture_on_commit_callbacks, saturday, sender="other")
    assert not _auto_replies().exists()


def test_opening_hours_read_naturally_in_three_languages():
    spec = StandardSpec(
        target_hours=24,
        counting="business_hours",
        timezone="America/Toronto",
        opening_hours={d: [(time(9), time(12)), (time(13), time(17))] for d in range(4)}
        | {4: [(time(9), time(13))], 5: [(time(10), time(14))]},
    )
    assert opening_hours_text(spec, "en") == (
        "Monday to Thursday 9:00–12:00, 13:00–17:00; Friday 9:00–13:00; Saturday 10:00–14:00"
    )
    assert opening_hours_text(spec, "fr").startswith("du lundi au jeudi 9:00–12:00")
    assert opening_hours_text(spec, "ar").startswith("من الاثنين إلى الخميس")
