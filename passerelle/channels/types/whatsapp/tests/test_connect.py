"""Connecting a WhatsApp number: the token checked with Meta, a verify token made, the
set-up instructions shown until Meta has checked the webhook."""

import pytest

from passerelle.channels.models import Channel, ChannelLog
from passerelle.channels.services import channel_connect
from passerelle.channels.types.base import ConnectError
from passerelle.testing.fakeplatforms import Reply
from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN
from passerelle.testing.platforms import APP_SECRET, WA_NUMBER_ID


def _values(fake_graph, **over):
    return {
        "phone_number_id": WA_NUMBER_ID,
        "access_token": GRAPH_TOKEN,
        "app_secret": APP_SECRET,
        "api_base_url": fake_graph.url,
        **over,
    }


def _connect(service, fake_graph, **over):
    return channel_connect(
        service=service, type_slug="whatsapp", values=_values(fake_graph, **over)
    )


def test_connect_checks_the_number_and_makes_a_verify_token(client, service, fake_graph):
    fake_graph.script(
        Reply(
            200,
            {
                "display_phone_number": "+1 613-555-0100",
                "verified_name": "Centre d'accueil",
                "id": WA_NUMBER_ID,
            },
        ),
        match=f"/{WA_NUMBER_ID}",
    )
    channel = _connect(service, fake_graph)
    assert channel.config["verified_name"] == "Centre d'accueil"
    token = channel.secrets["verify_token"]
    (notice,) = channel.channel_type.admin_notices(channel)
    assert channel.webhook_url in notice and token in notice
    assert GRAPH_TOKEN not in ChannelLog.objects.get().url + ChannelLog.objects.get().request
    client.get(
        f"/webhooks/{channel.uuid}/",
        {"hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "7"},
    )
    channel.refresh_from_db()
    assert channel.channel_type.admin_notices(channel) == []


def test_refused_token_keeps_nothing(service, fake_graph):
    with pytest.raises(ConnectError, match="Meta refused"):
        _connect(service, fake_graph, access_token="EAAwrong")
    assert not Channel.objects.exists()


def test_phone_number_id_must_be_the_id(service, fake_graph):
    with pytest.raises(ConnectError):
        _connect(service, fake_graph, phone_number_id="+1 613 555 0100")


def test_result_is_read_back_from_the_log(service, fake_graph):
    log = ChannelLog(response='{"messaging_product": "whatsapp", "messages": [{"id": "wamid.X"}]}')
    from passerelle.channels.types.registry import get

    assert get("whatsapp").result_from_log(None, log).platform_message_id == "wamid.X"
    assert (
        get("whatsapp").result_from_log(None, ChannelLog(response="[redacted")).platform_message_id
        == ""
    )
