"""Pytest fixtures for the fake platforms; import them into a conftest.py::

    from passerelle.testing.fakeplatforms.fixtures import fake_graph, fake_telegram, fake_twilio

Each yields a started server, stopped after the test (one per test: starting
one costs about a millisecond and keeps tests independent).
"""

import pytest

from .graph import FakeGraph
from .telegram import FakeTelegram
from .twilio import FakeTwilio

TELEGRAM_TOKEN = "7100000001:AAFakeTokenForPasserelleTests0000000"
GRAPH_TOKEN = "EAAFakeGraphAccessToken"


@pytest.fixture
def fake_telegram():
    with FakeTelegram(token=TELEGRAM_TOKEN) as fake:
        yield fake


@pytest.fixture
def fake_graph():
    with FakeGraph(access_token=GRAPH_TOKEN) as fake:
        yield fake


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake
