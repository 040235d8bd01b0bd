"""The inbound pipeline from a signed webhook to a stored message, once."""

import json
import threading

import pytest
from django.db import connection

from passerelle.channels.inbound import raw_event_process
from passerelle.channels.models import RawEvent
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.conversations.models import Message, Thread
from passerelle.members.models import Identity
from passerelle.testing.factories import post_signed, sim_body


def test_signed_webhook_creates_member_membership_and_message(
    client, sim_channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signed(client, sim_channel, sim_body(sender="telegram-1", name="أحمد"))
    assert response.status_code == 200
    identity = Identity.objects.get(platform="sim", address="telegram-1")
    assert identity.member.display_name == "أحمد" and identity.member.language == "ar"
    membership = Membership.objects.get(member=identity.member, service=sim_channel.service)
    assert membership.status == "active"
    assert MembershipEvent.objects.filter(membership=membership, kind="joined").count() == 1
    message = Message.objects.get()
    assert message.thread.kind == "group" and message.direction == "in"
    assert message.text == "كيف أسجل أولادي في المدرسة؟" and message.language == "ar"
    assert Thread.objects.get(pk=message.thread_id).unread_count == 1
    assert RawEvent.objects.get().processed_at is not None


def test_private_message_goes_to_the_members_private_thread(
    client, sim_channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(client, sim_channel, sim_body(sender="sms-9", chat="private"))
    thread = Message.objects.get().thread
    assert thread.kind == "private" and thread.member.identities.get().address == "sms-9"


def test_same_delivery_twice_stores_one_message(
    client, sim_channel, django_capture_on_commit_callbacks
):
    body = sim_body(event_id="sim-dup-1")
    with django_capture_on_commit_callbacks(execute=True):
        first = post_signed(client, sim_channel, body)
        second = post_signed(client, sim_channel, body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.content == b"duplicate"
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "garbage"])
def test_bad_signature_gets_403_and_stores_nothing(client, sim_channel, signature):
    response = post_signed(client, sim_channel, sim_body(), signature=signature)
    assert response.status_code == 403
    assert not RawEvent.objects.exists() and not Message.objects.exists()


def test_signature_of_another_channel_is_refused(client, sim_channel, service):
    from passerelle.testing.factories import make_channel

    other = make_channel(service, "simulator")
    body = sim_body()
    from passerelle.channels.types.native import sign

    response = post_signed(client, sim_channel, body, sign(other.secrets["signing_secret"], body))
    assert response.status_code == 403 and not RawEvent.objects.exists()


@pytest.mark.parametrize(
    "body, status",
    [(b"not json", 400), (b"[1, 2]", 400), (b'{"type": "message"}', 400), (b"\xff\xfe", 400)],
)
def test_malformed_bodies_get_a_clear_400(client, sim_channel, body, status):
    response = post_signed(client, sim_channel, body)
    assert response.status_code == status
    assert "error" in response.json()
    assert not RawEvent.objects.exists()


def test_unknown_channel_and_wrong_method(client, sim_channel):
    assert client.post("/webhooks/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(f"/webhooks/{sim_channel.uuid}/").status_code == 405


def test_oversized_body_is_refused(client, sim_channel, settings):
    settings.WEBHOOK_MAX_BYTES = 1000
    response = post_signed(client, sim_channel, sim_body(text="x" * 2000))
    assert response.status_code == 413 and not RawEvent.objects.exists()


def test_signed_but_unusable_event_is_kept_with_its_error(
    client, sim_channel, django_capture_on_commit_callbacks
):
    body = json.dumps({"event_id": "sim-bad-1", "sender": "not-an-object"}).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signed(client, sim_channel, body)
    assert response.status_code == 200
    event = RawEvent.objects.get()
    assert event.processed_at is not None and "sender.id" in event.error
    assert not Message.objects.exists()


def test_processing_twice_has_no_second_effect(client, sim_channel):
    post_signed(client, sim_channel, sim_body())  # on_commit not run: stored only
    event = RawEvent.objects.get()
    assert raw_event_process(event.pk) is True
    assert raw_event_process(event.pk) is False
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_deliveries_store_one_message(sim_channel):
    from django.test import Client

    body = sim_body(event_id="sim-race-1")
    results = []

    def deliver():
        try:
            results.append(post_signed(Client(), sim_channel, body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 6
    assert RawEvent.objects.count() == 1
    assert Message.objects.count() == 1


def test_nul_characters_never_reach_the_database(
    client, sim_channel, django_capture_on_commit_callbacks
):
    body = sim_body(event_id="sim-nul-\u0000-1", name="A\u0000li", text="hel\u0000lo")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_signed(client, sim_channel, body).status_code == 200
    message = Message.objects.get()
    assert message.text == "hello" and message.member.display_name == "Ali"
    assert RawEvent.objects.get().external_id == "sim-nul--1"
