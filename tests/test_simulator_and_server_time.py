"""The simulator is a staff tool (it signs any sender, its feed shows any private thread),
and a native-envelope client never chooses the time its message happened."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff


@pytest.fixture
def sim(service):
    return make_channel(service, "simulator")


def _sign(client, sim, text="hello", chat="private"):
    body = {"sender": {"id": "sim-1", "name": "Rana", "language": "ar"}, "chat": chat}
    return client.post(
        f"/simulator/{sim.uuid}/sign/",
        data=json.dumps({**body, "type": "message", "text": text}),
        content_type="application/json",
    )


def test_anonymous_visitors_get_the_login_page_and_no_signature(client, sim):
    page = client.get(f"/simulator/{sim.uuid}/")
    assert page.status_code == 302 and page["Location"].startswith("/login/")
    assert _sign(client, sim).status_code == 403
    assert client.get(f"/simulator/{sim.uuid}/feed/?as=sim-1").status_code == 403


def test_staff_of_another_service_get_404(client, sim):
    other, _role = make_staff(make_service(), Role.MODERATOR)
    client.force_login(other)
    assert client.get(f"/simulator/{sim.uuid}/").status_code == 404
    assert _sign(client, sim).status_code == 404
    assert client.get(f"/simulator/{sim.uuid}/feed/?as=sim-1").status_code == 404


def test_staff_of_the_service_use_it(moderator_client, sim):
    assert moderator_client.get(f"/simulator/{sim.uuid}/").status_code == 200
    signed = _sign(moderator_client, sim).json()
    assert signed["signature"].startswith("sha256=")


@pytest.mark.parametrize("claimed", [32503679999, 946684800, -5, "soon"])
def test_the_web_chat_clients_timestamp_is_ignored(
    client, service, claimed, django_capture_on_commit_callbacks
):
    chat = make_channel(service, "webchat")
    visitor = "ab12cd34ef56ab12cd34ef56"
    body = {
        "event_id": f"wc-{visitor}-{claimed}",
        "message_id": f"wc-{visitor}-{claimed}",
        "type": "message",
        "chat": "private",
        "text": "quand ?",
        "timestamp": claimed,
        "sender": {"id": visitor, "name": "Luc", "language": "fr"},
    }
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/webhooks/{chat.uuid}/",
            data=json.dumps(body),
            content_type="application/json",
            headers={"X-Passerelle-Webchat-Token": visitor_token(chat, visitor)},
        )
    assert response.status_code == 200
    message = Message.objects.get(text="quand ?")
    assert before - timedelta(seconds=1) <= message.created_at <= timezone.now()
    assert message.created_at < datetime(2999, 1, 1, tzinfo=UTC)


def test_the_simulators_time_is_the_servers_when_it_signs(moderator_client, sim):
    before = time.time()
    signed = json.loads(_sign(moderator_client, sim).json()["body"])
    assert before - 1 <= signed["timestamp"] <= time.time() + 1


def visitor_token(chat, visitor):
    from passerelle.channels.types.webchat.type import visitor_token as token

    return token(chat.secrets["signing_secret"], visitor)
