"""Malformed, mutated and huge WhatsApp webhooks: a clear 4xx or an ignored event, never a 500."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passerelle.channels.models import RawEvent
from passerelle.conversations.models import Message
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
    VERIFY_TOKEN,
    fixture,
    make_whatsapp,
    post_meta,
    webhook_path,
)

FIXTURES = [
    "text",
    "audio",
    "image",
    "document",
    "interactive_button_reply",
    "interactive_list_reply",
    "status_sent",
    "status_failed",
]


@pytest.fixture
def channel(service, fake_graph):
    return make_whatsapp(service, fake_graph)


@FUZZ
@given(body=st.binary(max_size=300))
def test_arbitrary_signed_bytes(client, channel, body):
    assert_processed(post_meta(client, channel, body))


@FUZZ
@given(data=json_values)
def test_arbitrary_signed_json(client, channel, data):
    assert_processed(post_meta(client, channel, json.dumps(data).encode()))


def fresh(data: dict) -> dict:
    """The mutated body as a new delivery: its message and status ids are the delivery's
    id, so they get new values; a body left without any keeps its hash as id, which the
    serial number makes new too."""
    n = serial()
    for container, key in slots(data):
        if key in ("messages", "statuses") and isinstance(container[key], list):
            for item in container[key]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    item["id"] = f"{item['id']}.fuzz{n}"
    data["fuzz_serial"] = n  # an unknown field, as Meta may add: ignored by the parser
    return data


def test_mutated_real_payloads(client, channel):
    reach = Reach("whatsapp")

    @FUZZ
    @given(data=st.sampled_from(FIXTURES).flatmap(lambda n: mutated(fixture("whatsapp", n))))
    def deliver(data):
        reach.post(post_meta(client, channel, json.dumps(fresh(data)).encode()))

    deliver()
    reach.report()


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge", "x"]),
        st.text(max_size=300),
        max_size=4,
    )
)
def test_verification_challenge_never_crashes(client, channel, params):
    response = client.get(webhook_path(channel), params)
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert params["hub.verify_token"] == VERIFY_TOKEN


def test_huge_batch_under_the_limit_is_stored_and_processed(client, channel):
    payload = fixture("whatsapp", "text")
    value = payload["entry"][0]["changes"][0]["value"]
    template = value["messages"][0]
    value["messages"] = [
        {**template, "id": f"wamid.fuzz{n}", "text": {"body": "x" * 1000}} for n in range(150)
    ]
    body = json.dumps(payload).encode()
    assert len(body) < 256 * 1024
    response = post_meta(client, channel, body)
    assert response.status_code == 200
    assert_processed(response)
    assert Message.objects.count() == 150


def test_body_over_the_limit_is_refused(client, channel, settings):
    settings.WEBHOOK_MAX_BYTES = 10_000
    payload = fixture("whatsapp", "text")
    payload["padding"] = "x" * 20_000
    assert post_meta(client, channel, payload).status_code == 413
    assert not RawEvent.objects.exists()


def test_nul_character_in_a_message_is_dropped_not_fatal(client, channel):
    payload = fixture("whatsapp", "text")
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "a\u0000b"
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["profile"]["name"] = "N\u0000"
    assert_processed(post_meta(client, channel, payload))
    message = Message.objects.get()
    assert message.text == "ab" and message.member.display_name == "N"
