"""Half of a UTF-16 pair in a member's text or id ("\\ud800" in a JSON body) used to fail
the insert on both databases, five times, and the message never reached the inbox. It
now arrives, with U+FFFD in place of the half-pair."""

import json

import pytest

from passerelle.channels.models import RawEvent
from passerelle.common.text import storable
from passerelle.conversations.models import Message
from passerelle.members.models import Identity
from passerelle.testing.webhooks import PLATFORMS


def _with_surrogates(slug, document):
    if slug == "simulator":
        document["text"] = "bonjour \ud800 à tous"
        document["sender"]["id"] = "sim-\udfff-7"
        document["sender"]["name"] = "Am\udbffira"
    elif slug == "telegram":  # ids are integers there: the text and the name carry it
        document["message"]["text"] = "bonjour \ud800 à tous"
        document["message"]["from"]["first_name"] = "Am\udbffira"
    elif slug == "whatsapp":
        value = document["entry"][0]["changes"][0]["value"]
        value["messages"][0]["text"]["body"] = "bonjour \ud800 à tous"
        value["messages"][0]["from"] = value["contacts"][0]["wa_id"] = "1613555\udfff"
        value["contacts"][0]["profile"]["name"] = "Am\udbffira"
    elif slug == "messenger":
        event = document["entry"][0]["messaging"][0]
        event["message"]["text"] = "bonjour \ud800 à tous"
        event["sender"]["id"] = "72450\udfff"
    return document


@pytest.mark.parametrize("slug", ["simulator", "telegram", "whatsapp", "messenger"])
def test_a_lone_surrogate_reaches_the_inbox_as_a_replacement_character(
    slug, client, service, moderator_client, django_capture_on_commit_callbacks
):
    platform = PLATFORMS[slug]
    channel = platform.make(service)
    document = _with_surrogates(slug, platform.freshen(platform.sample(), 1))
    body = json.dumps(document).encode()
    with django_capture_on_commit_callbacks(execute=True):
        assert platform.post(client, channel, body).status_code == 200
    event = RawEvent.objects.get()
    assert event.processed_at is not None and event.error == "" and event.attempts <= 1
    message = Message.objects.get()
    assert message.text == "bonjour \ufffd à tous"
    if slug in ("simulator", "whatsapp", "messenger"):
        assert "\ufffd" in Identity.objects.get(member=message.member).address
    if slug != "messenger":
        assert message.member.display_name.startswith("Am\ufffdira")
    inbox = moderator_client.get(f"/s/{service.slug}/inbox/?thread={message.thread_id}")
    assert "bonjour \ufffd à tous" in inbox.content.decode()


def test_storable_keeps_real_characters_and_pairs():
    assert storable("ok") == "ok" and storable("") == ""
    assert storable("a\x00b\ud800c") == "ab\ufffdc"
    assert storable("\ud83d\ude00") == "😀"  # a well-formed pair written as two halves
    assert storable("\udfff\ud800") == "\ufffd\ufffd"  # halves in the wrong order
