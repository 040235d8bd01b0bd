"""Hostile webhook requests get a clear 4xx, logged once without a traceback, and never reach
the worker: a non-ASCII secret header, JSON nested past any platform's, an event id that
is not valid text. The same table of platforms runs every channel type."""

import json
import logging

import pytest

from passerelle.channels.models import RawEvent
from passerelle.testing.webhooks import PLATFORMS

JSON_TYPES = [slug for slug, p in PLATFORMS.items() if p.content_type == "application/json"]


def _nested(depth: int):
    value = "deep"
    for _ in range(depth):
        value = {"a": [value]}
    return value


def _assert_refused_once(response, caplog, statuses=range(400, 500)):
    assert response.status_code in statuses, (response.status_code, response.content[:200])
    assert not RawEvent.objects.exists()
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    assert records[0].name == "passerelle.channels.webhooks"
    assert records[0].exc_info is None and "Traceback" not in caplog.text


@pytest.mark.parametrize("slug", sorted(PLATFORMS))
def test_a_non_ascii_secret_header_is_a_403(client, service, caplog, slug):
    platform = PLATFORMS[slug]
    channel = platform.make(service)
    body = platform.encode(platform.freshen(platform.sample(), 1))
    headers = {**platform.auth(channel, body), platform.auth_header: "sha256=é" + "0" * 63}
    caplog.set_level(logging.INFO)
    response = platform.post(client, channel, body, headers)
    _assert_refused_once(response, caplog, statuses=[403])


@pytest.mark.parametrize("slug", JSON_TYPES)
@pytest.mark.parametrize("shape", ["brackets", "envelope"])
def test_json_nested_past_any_platform_is_refused(client, service, caplog, slug, shape):
    platform = PLATFORMS[slug]
    channel = platform.make(service)
    if shape == "brackets":  # deeper than Python's stack: json.loads raises RecursionError
        body = b"[" * 100_000 + b"]" * 100_000
    else:  # loadable, but deeper than MAX_JSON_DEPTH for the parsers that walk it
        document = platform.freshen(platform.sample(), 1)
        body = platform.encode({**document, "extra": _nested(100)})
    caplog.set_level(logging.INFO)
    _assert_refused_once(platform.post(client, channel, body), caplog)


def test_the_web_chat_refuses_deep_json_before_it_looks_for_a_token(client, service, caplog):
    platform = PLATFORMS["webchat"]
    channel = platform.make(service)
    caplog.set_level(logging.INFO)
    response = platform.post(client, channel, b"[" * 100_000 + b"]" * 100_000, headers={})
    _assert_refused_once(response, caplog, statuses=[403])


def _surrogate_ids(slug, document):
    if slug in ("simulator", "webchat"):
        return {**document, "event_id": document["event_id"] + "\ud800"}
    if slug == "whatsapp":
        document["entry"][0]["changes"][0]["value"]["messages"][0]["id"] += "\ud800"
    if slug == "messenger":
        document["entry"][0]["messaging"][0]["message"]["mid"] += "\ud800"
    return document


@pytest.mark.parametrize("slug", ["simulator", "webchat", "whatsapp", "messenger"])
def test_an_event_id_with_a_lone_surrogate_is_a_400(client, service, caplog, slug):
    platform = PLATFORMS[slug]
    channel = platform.make(service)
    document = _surrogate_ids(slug, platform.freshen(platform.sample(), 1))
    body = json.dumps(document).encode()  # ensure_ascii: the half-pair travels as \ud800
    assert b"\\ud800" in body
    caplog.set_level(logging.INFO)
    response = platform.post(client, channel, body)
    _assert_refused_once(response, caplog, statuses=[400])
    assert "event id" in response.json()["error"]


def test_an_event_id_longer_than_the_store_holds_is_a_400(client, service):
    platform = PLATFORMS["whatsapp"]
    channel = platform.make(service)
    document = platform.sample()
    messages = document["entry"][0]["changes"][0]["value"]["messages"]
    messages[0]["id"] = "wamid." + "x" * 190  # kept as is up to 180 characters, then hashed
    assert platform.post(client, channel, platform.encode(document)).status_code == 200
    native = PLATFORMS["simulator"]
    sim = native.make(service)
    body = native.encode({**native.sample(), "event_id": "x" * 201})
    assert native.post(client, sim, body).status_code == 400
    assert RawEvent.objects.count() == 1


def test_a_signed_envelope_with_lists_for_names_is_processed_not_crashed(
    client, service, django_capture_on_commit_callbacks
):
    # Found by test_webhook_fuzz: {"type": [...]} made the worker fail (unhashable list).
    from passerelle.conversations.models import Message

    platform = PLATFORMS["simulator"]
    channel = platform.make(service)
    for n, changes in enumerate([{"type": ["message"]}, {"media": ["photo"]}]):
        body = platform.encode({**platform.freshen(platform.sample(), n), **changes})
        with django_capture_on_commit_callbacks(execute=True):
            assert platform.post(client, channel, body).status_code == 200
    assert all(e.processed_at and not e.error for e in RawEvent.objects.all())
    assert Message.objects.get().media_kind == "other"


def test_an_unknown_twilio_signature_algorithm_is_refused_and_logged_once(client, service, caplog):
    platform = PLATFORMS["sms_twilio"]
    channel = platform.make(service)
    body = platform.encode(platform.freshen(platform.sample(), 1))
    headers = {
        **platform.auth(channel, body),
        "X-Twilio-Webhooks-Signature-Settings": "key=k,algorithm=HMAC_MD5",
    }
    caplog.set_level(logging.INFO)
    _assert_refused_once(platform.post(client, channel, body, headers), caplog, statuses=[403])
