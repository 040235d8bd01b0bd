"""Malformed, mutated and huge Telegram webhooks: a clear 4xx or an ignored or errored
event, never a 500, never an exception out of the parser."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passerelle.channels.models import RawEvent
from passerelle.channels.types.telegram.parse import parse_update
from passerelle.testing.fuzz import (
    FUZZ,
    Reach,
    assert_processed,
    json_values,
    mutated,
    serial,
    slots,
)

from .conftest import FIXTURES, GROUP, post_update, update

NAMES = sorted(path.stem for path in FIXTURES.glob("*.json"))


@FUZZ
@given(body=st.binary(max_size=300))
def test_arbitrary_bytes(client, tg, body):
    assert_processed(post_update(client, tg, body))


@FUZZ
@given(data=json_values)
def test_arbitrary_json(client, tg, data):
    assert_processed(post_update(client, tg, json.dumps(data).encode()))


def fresh(data: dict) -> dict:
    """The mutated update as a new delivery: a new update_id (and new message ids, so the
    parsed message is not dropped as one already stored)."""
    n = serial()
    data["update_id"] = 700_000_000 + n
    for container, key in slots(data):
        if key == "message_id" and type(container[key]) is int:
            container[key] = 500_000 + n
    return data


def test_mutated_real_payloads(client, tg):
    reach = Reach("telegram")

    @FUZZ
    @given(data=st.sampled_from(NAMES).flatmap(lambda name: mutated(update(name))))
    def deliver(data):
        reach.post(post_update(client, tg, json.dumps(fresh(data)).encode()))

    deliver()
    reach.report()


@FUZZ
@given(data=st.sampled_from(NAMES).flatmap(lambda name: mutated(update(name))))
def test_parser_only_ever_returns_events(data):
    for event in parse_update(data, bot_id="7100000001", group_chat_id=str(GROUP)):
        assert event.kind in {
            "message",
            "start",
            "edited",
            "join_request",
            "joined",
            "left",
            "ignored",
            "bot_added",
        }


@pytest.mark.parametrize(
    "body, status",
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (b'{"message": {}}', 400),  # no update_id
        (b'{"update_id": "12"}', 400),
        (b'{"update_id": true}', 400),
        (b'{"update_id": -5}', 400),
    ],
)
def test_unusable_bodies_get_a_clear_400(client, tg, body, status):
    response = post_update(client, tg, body)
    assert response.status_code == status and "error" in response.json()
    assert not RawEvent.objects.exists()


def test_huge_payload_is_refused_before_anything(client, tg, settings):
    data = update("group_text")
    data["message"]["text"] = "x" * (settings.WEBHOOK_MAX_BYTES + 10)
    assert post_update(client, tg, data).status_code == 413
    assert not RawEvent.objects.exists()


def test_long_text_just_under_the_limit_is_kept_truncated(deliver):
    from passerelle.conversations.models import Message

    data = update("private_text")
    data["message"]["text"] = "ب" * 60_000
    assert deliver(data).status_code == 200
    assert len(Message.objects.get().text) == 10_000
