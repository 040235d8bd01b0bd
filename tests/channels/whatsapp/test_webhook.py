"""WhatsApp Cloud API webhooks: verification, signature, real payloads, dedupe, statuses."""

import pytest

from passerelle.channels.models import OutboundMessage, RawEvent
from passerelle.conversations.models import Message
from passerelle.members.models import Identity
from passerelle.testing.platforms import (
    APP_SECRET,
    VERIFY_TOKEN,
    WA_USER,
    fixture,
    make_whatsapp,
    post_meta,
    webhook_path,
)


@pytest.fixture
def channel(service, fake_graph):
    return make_whatsapp(service, fake_graph)


@pytest.fixture
def post(client, channel, django_capture_on_commit_callbacks):
    def _post(payload, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post_meta(client, channel, payload, **kwargs)

    return _post


def test_get_challenge_is_echoed_only_with_our_verify_token(client, channel):
    url = webhook_path(channel)
    ok = client.get(
        url,
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200 and ok.content == b"1158201444"
    for params in (
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN},
        {},
    ):
        assert client.get(url, params).status_code == 403


def test_signed_text_creates_member_thread_and_message(post, channel):
    response = post(fixture("whatsapp", "text"))
    assert response.status_code == 200
    identity = Identity.objects.get(platform="whatsapp", address=WA_USER)
    assert identity.member.display_name == "Amira Haddad"
    message = Message.objects.get()
    assert message.thread.kind == "private" and message.thread.member == identity.member
    assert message.text.startswith("مرحبا") and message.channel == channel
    assert message.platform_message_id.startswith("wamid.")
    assert message.created_at.timestamp() == 1760450000


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "sha1=abc", "garbage"])
def test_bad_signature_is_refused_and_nothing_stored(post, signature):
    response = post(fixture("whatsapp", "text"), signature=signature)
    assert response.status_code == 403
    assert not RawEvent.objects.exists() and not Message.objects.exists()


def test_body_signed_with_another_secret_is_refused(post):
    assert post(fixture("whatsapp", "text"), secret=APP_SECRET + "x").status_code == 403
    assert not RawEvent.objects.exists()


def test_same_delivery_twice_stores_one_message(post):
    first, second = post(fixture("whatsapp", "text")), post(fixture("whatsapp", "text"))
    assert (first.content, second.content) == (b"ok", b"duplicate")
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1


def test_rebatched_retry_stores_each_message_once(post):
    text, audio = fixture("whatsapp", "text"), fixture("whatsapp", "audio")
    post(text)
    # Meta retries with the earlier message batched together with a new one.
    batch = fixture("whatsapp", "text")
    batch["entry"][0]["changes"][0]["value"]["messages"] += audio["entry"][0]["changes"][0][
        "value"
    ]["messages"]
    assert post(batch).content == b"ok"
    assert RawEvent.objects.count() == 2
    assert sorted(Message.objects.values_list("media_kind", flat=True)) == ["text", "voice"]


@pytest.mark.parametrize(
    "name, media, text",
    [
        ("audio", "voice", ""),
        ("image", "photo", None),
        ("document", "document", None),
        ("interactive_button_reply", "text", None),
        ("interactive_list_reply", "text", "Logement / سكن"),
    ],
)
def test_media_and_interactive_replies(post, name, media, text):
    payload = fixture("whatsapp", name)
    post(payload)
    message = Message.objects.get()
    assert message.media_kind == media
    if text is not None:
        assert message.text == text
    else:
        assert message.text  # a caption, a file name or a button title


def test_statuses_move_the_send_forward_and_never_back(post, channel, service):
    status_id = fixture("whatsapp", "status_read")["entry"][0]["changes"][0]["value"]["statuses"][
        0
    ]["id"]
    row = _sent_row(service, channel, status_id)
    for name in ("status_sent", "status_delivered", "status_read"):
        post(_with_status_id(fixture("whatsapp", name), status_id))
    row.refresh_from_db()
    assert row.state == "read"
    post(_with_status_id(fixture("whatsapp", "status_delivered"), status_id))  # late, again
    row.refresh_from_db()
    assert row.state == "read"


def test_failed_status_records_the_reason(post, channel, service):
    failed = fixture("whatsapp", "status_failed")
    status_id = failed["entry"][0]["changes"][0]["value"]["statuses"][0]["id"]
    row = _sent_row(service, channel, status_id)
    post(failed)
    row.refresh_from_db()
    assert row.state == "failed" and "131047" in row.error and "24 hours" in row.error


def test_events_of_another_number_of_the_same_app_are_ignored(post):
    payload = fixture("whatsapp", "text")
    payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    assert post(payload).status_code == 200
    assert RawEvent.objects.get().processed_at is not None
    assert not Message.objects.exists()


def _now():
    from django.utils import timezone

    return timezone.now()


def _with_status_id(payload, status_id):
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = status_id
    return payload


def _sent_row(service, channel, platform_id):
    from passerelle.conversations.services import private_thread_for
    from passerelle.members.services import member_for_identity

    member, _ = member_for_identity(org=service.org, platform="whatsapp", address=WA_USER)
    thread = private_thread_for(service, member)
    message = Message.objects.create(
        org=service.org,
        service=service,
        thread=thread,
        direction="out",
        text="hi",
        member=member,
        created_at=_now(),
    )
    return OutboundMessage.objects.create(
        org=service.org,
        channel=channel,
        source_id=message.pk,
        text=message.text,
        recipient=WA_USER,
        state="sent",
        platform_message_id=platform_id,
    )


def test_status_overtaking_the_send_answer_is_applied_later(client, channel, service):
    from passerelle.channels.inbound import raw_event_process

    delivered = fixture("whatsapp", "status_delivered")
    status_id = delivered["entry"][0]["changes"][0]["value"]["statuses"][0]["id"]
    row = _sent_row(service, channel, "")
    OutboundMessage.objects.filter(pk=row.pk).update(state="sending")
    post_meta(client, channel, delivered)  # stored; processed below, as a worker would
    event = RawEvent.objects.get()
    assert raw_event_process(event.pk) is False
    event.refresh_from_db()
    assert event.processed_at is None and event.error.startswith("postponed")
    # The API answer arrives: the row gets its id and "sent"; the report then applies.
    OutboundMessage.objects.filter(pk=row.pk).update(state="sent", platform_message_id=status_id)
    assert raw_event_process(event.pk) is True
    row.refresh_from_db()
    assert row.state == "delivered"
