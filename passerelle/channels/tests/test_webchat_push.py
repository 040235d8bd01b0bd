"""Web Push for the web chat, against the fake push service on loopback: VAPID keys made
once per channel, each send pushed encrypted (RFC 8291) to the address's browsers, a
push failure never failing the send, 404/410 forgetting the subscription, 429/5xx tried
once more, erasure forgetting subscriptions."""

import json
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from passerelle.channels.models import Channel, PushSubscription
from passerelle.channels.privacy import addresses_erase
from passerelle.channels.types.base import OutboundRequest
from passerelle.channels.types.webchat import push
from passerelle.channels.types.webchat.push import (
    SubscriptionRejected,
    b64url_decode,
    push_shows_text_set,
    push_subscription_save,
    vapid_keys_ensure,
)
from passerelle.testing.fakeplatforms import FakePushService, Reply
from passerelle.testing.fakeplatforms.webpush import VapidRefused, verify_vapid
from passerelle.testing.pipeline import pipeline_channel, pipeline_service

pytestmark = pytest.mark.django_db

VISITOR = "a1b2c3d4e5f6a1b2c3d4e5f6"


@pytest.fixture
def fake(settings):
    with FakePushService() as server:
        settings.WEBPUSH_ENDPOINT_HOSTS = ["http://127.0.0.1"]
        yield server


@pytest.fixture
def channel():
    return pipeline_channel(pipeline_service(), "webchat")


def browser_subscription(fake):
    """What a browser makes: a P-256 key pair and a 16-byte auth secret."""
    return fake.subscription(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))


def send(channel, text="Votre rendez-vous est confirmé pour mardi", recipient=VISITOR):
    return channel.channel_type.send(channel, OutboundRequest(text=text, recipient=recipient))


def test_vapid_keys_are_made_once_and_kept_encrypted(channel):
    public = vapid_keys_ensure(channel)
    again = vapid_keys_ensure(Channel.objects.get(pk=channel.pk))
    assert public == again and len(b64url_decode(public)) == 65
    stored = Channel.objects.get(pk=channel.pk)
    assert len(b64url_decode(stored.secrets["vapid_private_key"])) == 32
    # The private key is in the encrypted column only, never in the plain config.
    assert "vapid_private_key" not in stored.config


def test_connecting_a_web_chat_makes_its_keys(channel):
    channel.channel_type.connect(channel)
    assert Channel.objects.get(pk=channel.pk).config["vapid_public_key"]


def test_a_reply_is_pushed_encrypted_and_signed_without_its_text(fake, channel):
    public = vapid_keys_ensure(channel)
    fake.expected_key = b64url_decode(public)
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake), language="en"
    )
    push_subscription_save(
        channel=channel, address="someone-else", subscription=browser_subscription(fake)
    )
    result = send(channel)
    assert result.platform_message_id.startswith("webchat-out-")
    [message] = fake.messages
    assert message.json == {
        "title": channel.service.name,
        "body": "New message",
        "tag": f"passerelle-{channel.uuid}",
    }
    assert message.claims["aud"] == fake.url and int(message.ttl) > 0


def test_the_text_shows_only_when_the_channel_says_so(fake, channel):
    push_shows_text_set(channel=channel, shown=True)
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake), language="fr"
    )
    send(channel, text="Bonjour " + "x" * 200)
    body = fake.messages[0].json["body"]
    assert body.startswith("Bonjour xx") and body.endswith("…") and len(body) == 80


def test_new_message_is_said_in_the_subscription_language(fake, channel):
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake), language="fr"
    )
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    send(channel)
    # Without one, the service's first language (Arabic here).
    assert sorted(m.json["body"] for m in fake.messages) == ["Nouveau message", "رسالة جديدة"]


def test_a_group_post_pushes_to_no_address(fake, channel):
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    send(channel, recipient="group")
    assert fake.messages == [] and len(fake.requests) == 0


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_forgotten_and_the_send_succeeds(fake, channel, status):
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    fake.script(Reply(status, {"error": "gone"}))
    assert send(channel).platform_message_id
    assert not PushSubscription.objects.exists()


def test_a_busy_push_service_is_tried_once_more(fake, channel, monkeypatch):
    monkeypatch.setattr(push, "PUSH_RETRY_WAIT_MAX", 0.01)
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    fake.script(Reply(503, {"error": "busy"}, {"Retry-After": "1"}))
    send(channel)
    assert [r.status for r in fake.requests] == [503, 201] and len(fake.messages) == 1


def test_a_push_still_refused_is_dropped_and_the_subscription_kept(fake, channel, monkeypatch):
    monkeypatch.setattr(push, "PUSH_RETRY_WAIT_MAX", 0.01)
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    fake.script(Reply(429, {"error": "slow down"}), times=5)
    assert send(channel).platform_message_id
    assert [r.status for r in fake.requests] == [429, 429]
    assert PushSubscription.objects.count() == 1


def test_an_unreachable_push_service_never_fails_the_send(fake, channel):
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    fake.stop()
    assert send(channel).platform_message_id


@pytest.mark.parametrize(
    "subscription",
    [
        None,
        {"endpoint": "https://fcm.googleapis.com/x"},
        {"endpoint": "https://fcm.googleapis.com/x", "keys": {"p256dh": "AAAA", "auth": "AAAA"}},
    ],
)
def test_a_malformed_subscription_is_refused(channel, subscription):
    with pytest.raises(SubscriptionRejected):
        push_subscription_save(channel=channel, address=VISITOR, subscription=subscription)


def test_a_subscription_at_an_unknown_host_is_refused(channel, fake):
    good = browser_subscription(fake)
    for endpoint in ("http://10.0.0.5/push/x", "https://127.0.0.1.evil.example/x", "file:///x"):
        with pytest.raises(SubscriptionRejected, match="not supported"):
            push_subscription_save(
                channel=channel, address=VISITOR, subscription={**good, "endpoint": endpoint}
            )


def test_the_browsers_push_services_are_allowed_by_default(channel):
    good = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "keys": {"p256dh": push.b64url(b"\x04" + b"1" * 64), "auth": push.b64url(b"2" * 16)},
    }
    assert push_subscription_save(channel=channel, address=VISITOR, subscription=good).pk
    with pytest.raises(SubscriptionRejected):
        push_subscription_save(
            channel=channel,
            address=VISITOR,
            subscription={**good, "endpoint": "http://fcm.googleapis.com/fcm/send/abc"},
        )


def test_erasing_a_person_forgets_their_subscriptions(fake, channel):
    push_subscription_save(
        channel=channel, address=VISITOR, subscription=browser_subscription(fake)
    )
    push_subscription_save(
        channel=channel, address="other", subscription=browser_subscription(fake)
    )
    counts = addresses_erase(org_id=channel.org_id, addresses=[("webchat", VISITOR)])
    assert counts["push"] == 1
    assert list(PushSubscription.objects.values_list("address", flat=True)) == ["other"]


def test_the_fake_refuses_a_forged_or_stale_vapid_token(fake, channel):
    """The fake's checks can fail: a token signed by another key, for another audience,
    or expired is refused."""
    from py_vapid import Vapid02

    key = Vapid02()
    key.generate_keys()
    header = key.sign({"sub": "mailto:a@example.org", "aud": fake.url})["Authorization"]
    claims, _point = verify_vapid(header, fake.url)
    assert claims["aud"] == fake.url
    with pytest.raises(VapidRefused, match="aud"):
        verify_vapid(header, "http://127.0.0.1:1")
    with pytest.raises(VapidRefused, match="exp"):
        verify_vapid(header, fake.url, now=claims["exp"] + 1)
    other = Vapid02()
    other.generate_keys()
    forged_k = other.sign({"sub": "mailto:a@example.org", "aud": fake.url})["Authorization"]
    token = header.split("t=")[1].split(",")[0]
    with pytest.raises(VapidRefused, match="signature"):
        verify_vapid(f"vapid t={token}, k={forged_k.split('k=')[1]}", fake.url)


def test_the_fake_refuses_a_body_it_cannot_decrypt(fake, channel):
    import httpx
    from py_vapid import Vapid02

    subscription = browser_subscription(fake)
    key = Vapid02()
    key.generate_keys()
    headers = key.sign({"sub": "mailto:a@example.org", "aud": fake.url})
    headers.update({"Content-Encoding": "aes128gcm", "TTL": "60"})
    answer = httpx.post(subscription["endpoint"], content=b"\0" * 120, headers=headers)
    assert answer.status_code == 400 and "decrypt" in json.loads(answer.text)["error"]
    assert fake.messages == []


def test_changing_the_setting_from_a_stale_copy_keeps_the_keys(channel):
    stale = Channel.objects.get(pk=channel.pk)
    public = vapid_keys_ensure(channel)
    push_shows_text_set(channel=stale, shown=True)
    fresh = Channel.objects.get(pk=channel.pk)
    assert fresh.config["vapid_public_key"] == public and fresh.config["push_shows_text"]
