"""A Telegram channel connected to the fake Bot API server, and deliveries signed with its
webhook secret, as Telegram sends them."""

import pytest

from passerelle.channels.services import channel_connect
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN
from passerelle.testing.platforms import AMIRA, LUC, post_update, update  # noqa: F401
from passerelle.testing.platforms import TELEGRAM_FIXTURES as FIXTURES  # noqa: F401
from passerelle.testing.platforms import TELEGRAM_GROUP as GROUP


@pytest.fixture
def connect(service, fake_telegram):
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
