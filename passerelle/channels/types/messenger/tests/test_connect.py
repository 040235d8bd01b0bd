"""Connecting a Facebook Page: the page read from its token, subscribed to the app."""

import pytest

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_connect
from passerelle.channels.types.base import ConnectError
from passerelle.testing.fakeplatforms import Reply
from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN
from passerelle.testing.platforms import APP_SECRET, PAGE_ID


def _connect(service, fake_graph, **over):
    values = {
        "page_access_token": GRAPH_TOKEN,
        "app_secret": APP_SECRET,
        "api_base_url": fake_graph.url,
        **over,
    }
    return channel_connect(service=service, type_slug="messenger", values=values)


def test_connect_reads_the_page_and_subscribes_it(service, fake_graph):
    fake_graph.script(Reply(200, {"id": PAGE_ID, "name": "Centre d'accueil"}), match="/me")
    fake_graph.script(Reply(200, {"success": True}), match="/subscribed_apps")
    channel = _connect(service, fake_graph)
    assert channel.config["page_id"] == PAGE_ID and channel.secrets["verify_token"]
    (subscribe,) = fake_graph.requests.matching("/subscribed_apps", "POST")
    assert subscribe.path == f"/v21.0/{PAGE_ID}/subscribed_apps"
    assert "message_reads" in subscribe.query["subscribed_fields"]
    assert channel.channel_type.admin_notices(channel)


def test_token_of_another_page_is_refused(service, fake_graph):
    fake_graph.script(Reply(200, {"id": "999", "name": "Other"}), match="/me")
    with pytest.raises(ConnectError, match="another page"):
        _connect(service, fake_graph, page_id=PAGE_ID)
    assert not Channel.objects.exists()
