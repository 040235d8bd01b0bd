"""`no_network`: a test fails if anything opens a network connection while it runs.

The models ship inside PyPI packages and must never reach a hub (docs/nlp.md): every
connect is refused, loopback included, after the database connection is open (take the
`db` fixture first where a test needs the database). Reusable by any test of the
language assistance: `from passerelle.nlp.tests.conftest import no_network`.
"""

import socket

import pytest


class NetworkUsed(AssertionError):
    """Raised instead of connecting: the code under test tried to reach the network."""


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed(f"network connection attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts, f"network connections attempted: {attempts!r}"
