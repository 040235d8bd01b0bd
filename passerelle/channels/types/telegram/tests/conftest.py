"""A Telegram channel connected to the fake Bot API server, and deliveries signed with its
webhook secret, as Telegram sends them."""

import copy
import json
from pathlib import Path

import pytest

from passerelle.channels.services import channel_connect
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN, fake_telegram  # noqa: F401

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GROUP = -1002233445566  # the group of the fixtures
AMIRA, LUC = 6120000142, 6120000157


def update(name: str) -> dict:
    """A copy of one real-format Update from fixtures/."""
    return copy.deepcopy(json.loads((FIXTURES / f"{name}.json").read_text()))


def post_update(client, channel, data, *, secret=None):
    body = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    headers = {}
    secret = channel.secrets["webhook_secret"] if secret is None else secret
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return client.post(
        f"/webhooks/{channel.uuid}/", data=body, content_type="application/json", headers=headers
    )


@pytest.fixture
def connect(service, fake_telegram):  # noqa: F811
    def _connect(**values):
        values = {"token": TELEGRAM_TOKEN, "api_base_url": fake_telegram.url, **values}
        return channel_connect(service=service, type_slug="telegram", values=values)

    return _connect


@pytest.fixture
def tg(connect):
    """Connected, with the fixtures' group linked."""
    return connect(group_chat_id=str(GROUP))


@pytest.fixture
def deliver(client, tg, django_capture_on_commit_callbacks):
    """POST a fixture (or dict) to the webhook and run the inline tasks."""

    def _deliver(data, **kwargs):
        data = update(data) if isinstance(data, str) else data
        with django_capture_on_commit_callbacks(execute=True):
            return post_update(client, tg, data, **kwargs)

    return _deliver
