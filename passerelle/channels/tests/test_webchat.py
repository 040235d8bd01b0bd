"""The web chat: a visitor can post only as themselves, and reads the group and their thread."""

import json
import re

import pytest

from passerelle.channels.models import RawEvent
from passerelle.conversations.models import Message
from passerelle.testing.factories import make_channel


@pytest.fixture
def chat(service):
    return make_channel(service, "webchat")


def _open(client, chat):
    page = client.get(f"/chat/{chat.uuid}/").content.decode()
    visitor = re.search(r'data-visitor="([0-9a-f]+)" data-token="([0-9a-f]+)"', page)
    return visitor.group(1), visitor.group(2)


def _post(client, chat, visitor, token, event_suffix="1", chat_kind="group", text="سلام"):
    body = json.dumps(
        {
            "event_id": f"wc-{visitor}-{event_suffix}",
            "message_id": f"wc-{visitor}-{event_suffix}",
            "type": "message",
            "chat": chat_kind,
            "text": text,
            "sender": {"id": visitor, "name": "Rana", "language": "ar"},
        }
    )
    return client.post(
        f"/webhooks/{chat.uuid}/",
        data=body,
        content_type="application/json",
        headers={"X-Passerelle-Webchat-Token": token},
    )


def test_visitor_posts_and_reads_their_conversation(
    client, chat, django_capture_on_commit_callbacks
):
    visitor, token = _open(client, chat)
    assert _open(client, chat) == (visitor, token)  # the cookie keeps the same visitor
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, chat, visitor, token, chat_kind="private").status_code == 200
    message = Message.objects.get()
    assert message.thread.kind == "private" and message.member.display_name == "Rana"
    feed = client.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"]
    assert [m["text"] for m in feed] == ["سلام"] and feed[0]["mine"] is True


def test_another_visitors_feed_does_not_show_private_messages(
    client, chat, django_capture_on_commit_callbacks
):
    from django.test import Client

    visitor, token = _open(client, chat)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, chat, visitor, token, chat_kind="private", text="private words")
    stranger = Client()
    _open(stranger, chat)
    assert stranger.get(f"/chat/{chat.uuid}/feed/?after=0").json()["messages"] == []


def test_wrong_token_or_foreign_event_id_is_refused(client, chat):
    visitor, token = _open(client, chat)
    assert _post(client, chat, visitor, "0" * 64).status_code == 403
    assert _post(client, chat, "someone-else", token).status_code == 403
    body = json.dumps(
        {
            "event_id": "wc-other-1",
            "type": "message",
            "chat": "group",
            "text": "x",
            "sender": {"id": visitor, "name": "R", "language": "ar"},
        }
    )
    response = client.post(
        f"/webhooks/{chat.uuid}/",
        data=body,
        content_type="application/json",
        headers={"X-Passerelle-Webchat-Token": token},
    )
    assert response.status_code == 403
    assert not RawEvent.objects.exists()
