"""The simulator is a staff tool (it signs any sender, its feed shows any private thread),
and a native-envelope client never chooses the time its message happened."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff, post_signed


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
    other, _role = make_staff(make_service(), Role.ADMIN)
    client.force_login(other)
    assert client.get(f"/simulator/{sim.uuid}/").status_code == 404
    assert _sign(client, sim).status_code == 404
    assert client.get(f"/simulator/{sim.uuid}/feed/?as=sim-1").status_code == 404


def test_staff_of_the_service_use_it(moderator_client, sim):
    assert moderator_client.get(f"/simulator/{sim.uuid}/").status_code == 200
    signed = _sign(moderator_client, sim).json()
    assert signed["signature"].startswith("sha256=")


@pytest.mark.parametrize("claimed", [32503679999, 946684800, -5, "soon"])
def test_the_clients_timestamp_is_ignored(client, sim, claimed, django_capture_on_commit_callbacks):
    body = json.loads(
        json.dumps(
            {
                "event_id": f"sim-t-{claimed}",
                "type": "message",
                "chat": "group",
                "text": "quand ?",
                "message_id": f"sim-t-{claimed}",
                "timestamp": claimed,
                "sender": {"id": "sim-2", "name": "Luc", "language": "fr"},
            }
        )
    )
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        post_signed(client, sim, json.dumps(body).encode())
    message = Message.objects.get(text="quand ?")
    assert before - timedelta(seconds=1) <= message.created_at <= timezone.now()
    assert message.created_at < datetime(2999, 1, 1, tzinfo=UTC)
