"""Messenger: signed page webhooks, postbacks, delivery/read watermarks, the 24 h / 7 day rule."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from passerelle.channels.models import ContactStatus, OutboundMessage, RawEvent
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply, message_send_system
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.fuzz import (
    FUZZ,
    Reach,
    assert_processed,
    json_values,
    mutated,
    serial,
    slots,
)
from passerelle.testing.platforms import (
    PSID,
    VERIFY_TOKEN,
    fixture,
    make_messenger,
    post_meta,
    webhook_path,
)


@pytest.fixture
def channel(service, fake_graph):
    return make_messenger(service, fake_graph)


@pytest.fixture
def post(client, channel, django_capture_on_commit_callbacks):
    def _post(payload, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_meta(client, channel, payload, **kwargs)

    return _post


@pytest.fixture
def role(service):
    return make_staff(service, Role.MODERATOR)[1]


def _thread(post, hours_ago: float) -> Thread:
    post(fixture("messenger", "text"))
    _age(timedelta(hours=hours_ago))
    return Thread.objects.get(kind="private")


def _age(age: timedelta) -> None:
    # The window opens at the last inbound message the pipeline saw.
    ContactStatus.objects.update(last_inbound_at=timezone.now() - age)


def test_get_challenge(client, channel):
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"}
    assert client.get(webhook_path(channel), params).content == b"42"
    params["hub.verify_token"] = "nope"
    assert client.get(webhook_path(channel), params).status_code == 403


def test_signed_text_creates_member_and_message_once(post):
    assert post(fixture("messenger", "text")).content == b"ok"
    assert post(fixture("messenger", "text")).content == b"duplicate"
    message = Message.objects.get()
    assert message.thread.kind == "private" and message.text.startswith("Bonjour")
    assert message.member.identities.get().urn == f"messenger:{PSID}"


@pytest.mark.parametrize("signature", ["", "sha256=" + "1" * 64])
def test_bad_signature_is_refused(post, signature):
    assert post(fixture("messenger", "text"), signature=signature).status_code == 403
    assert not RawEvent.objects.exists() and not Message.objects.exists()


def test_attachment_and_postback(post):
    post(fixture("messenger", "attachment_audio"))
    post(fixture("messenger", "postback"))
    kinds = dict(Message.objects.values_list("media_kind", "text"))
    assert kinds["audio"] == "" and kinds["text"] == "Commencer"


def test_echo_of_the_pages_own_message_is_ignored(post):
    payload = fixture("messenger", "text")
    payload["entry"][0]["messaging"][0]["message"]["is_echo"] = True
    post(payload)
    assert not Message.objects.exists()


def test_delivery_and_read_watermarks_update_sends(
    post, channel, role, fake_graph, django_capture_on_commit_callbacks
):
    thread = _thread(post, 1)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Bonjour !")
    row = OutboundMessage.objects.get()
    assert row.state == "sent" and row.platform_message_id.startswith("m_")
    OutboundMessage.objects.filter(pk=row.pk).update(
        sent_at=timezone.now() - timedelta(days=3650)  # before the fixture's watermark
    )
    post(fixture("messenger", "delivery"))
    row.refresh_from_db()
    assert row.state == "delivered"
    post(fixture("messenger", "read"))
    row.refresh_from_db()
    assert row.state == "read"


def test_reply_within_24_hours_is_a_response(
    post, role, fake_graph, django_capture_on_commit_callbacks
):
    thread = _thread(post, 20)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Réponse")
    (sent,) = fake_graph.messenger_sends()
    assert sent.path == "/v21.0/me/messages"
    assert sent.json == {
        "recipient": {"id": PSID},
        "messaging_type": "RESPONSE",
        "message": {"text": "Réponse"},
    }


def test_staff_reply_after_24_hours_uses_the_human_agent_tag(
    post, role, fake_graph, django_capture_on_commit_callbacks
):
    thread = _thread(post, 24 * 3)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="Désolé du délai")
    (sent,) = fake_graph.messenger_sends()
    assert sent.json["messaging_type"] == "MESSAGE_TAG" and sent.json["tag"] == "HUMAN_AGENT"


def test_automatic_message_after_24_hours_is_not_sent(
    post, fake_graph, django_capture_on_commit_callbacks
):
    thread = _thread(post, 30)
    with django_capture_on_commit_callbacks(execute=True):
        message_send_system(thread=thread, text="Rappel automatique")
    assert OutboundMessage.objects.get().state == "failed"
    assert not fake_graph.messenger_sends()


def test_reply_after_7_days_is_blocked_with_a_reason(post, role, fake_graph):
    thread = _thread(post, 24 * 8)
    with pytest.raises(ValidationError) as caught:
        message_reply(role=role, thread=thread, text="Bonjour")
    assert "7-day" in caught.value.messages[0]
    assert not fake_graph.messenger_sends()


def test_without_human_agent_permission_the_window_is_24_hours(post, channel, role):
    channel.config["human_agent"] = False
    channel.save()
    thread = _thread(post, 30)
    with pytest.raises(ValidationError) as caught:
        message_reply(role=role, thread=thread, text="Bonjour")
    assert "24-hour" in caught.value.messages[0]


def test_long_reply_goes_as_several_messages(
    post, role, fake_graph, django_capture_on_commit_callbacks
):
    thread = _thread(post, 1)
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=thread, text="mot " * 900)
    sends = fake_graph.messenger_sends()
    assert len(sends) == 2 and all(len(s.json["message"]["text"]) <= 2000 for s in sends)


@FUZZ
@given(data=json_values)
def test_fuzzed_bodies_never_crash(client, channel, data):
    assert_processed(post_meta(client, channel, json.dumps(data).encode()))


def fresh(data: dict) -> dict:
    """The mutated body as a new delivery: what its id is made of (message and postback
    ids, receipt watermarks, the event time of a postback without id) gets new values; a
    body left without any keeps its hash as id, which the serial number makes new too."""
    n = serial()
    for container, key in slots(data):
        value = container[key]
        if key == "mid" and isinstance(value, str):
            container[key] = f"{value}.fuzz{n}"
        elif key in ("watermark", "timestamp") and type(value) is int:
            container[key] = value + n
    data["fuzz_serial"] = n  # an unknown field, as Meta may add: ignored by the parser
    return data


def test_mutated_real_payloads(client, channel):
    reach = Reach("messenger")
    names = ["text", "attachment_audio", "postback", "delivery", "read"]

    @FUZZ
    @given(data=st.sampled_from(names).flatmap(lambda name: mutated(fixture("messenger", name))))
    def deliver(data):
        reach.post(post_meta(client, channel, json.dumps(fresh(data)).encode()))

    deliver()
    reach.report()


@FUZZ
@given(body=st.binary(max_size=200))
def test_fuzzed_bytes_never_crash(client, channel, body):
    assert_processed(post_meta(client, channel, body))


def test_inbox_says_when_the_human_agent_tag_is_used_or_the_window_closed(post, role, client):
    thread = _thread(post, 30)
    client.force_login(role.user)
    url = f"/s/{role.service.slug}/inbox/?thread={thread.pk}"
    assert "human agent tag" in client.get(url).content.decode()
    _age(timedelta(days=9))
    assert "7-day window" in client.get(url).content.decode()
