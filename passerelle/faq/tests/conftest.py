import pytest

from passerelle.questions.tests.conftest import mod_role  # noqa: F401


@pytest.fixture
def no_network(monkeypatch):
    """Fail if anything opens a connection beyond this machine (the database is on loopback).

    The same guard as passerelle/nlp/tests/conftest.py::no_network (language helper); the
    models must load and run with no download, ever.
    """
    import ipaddress
    import socket

    real_connect = socket.socket.connect

    def guarded(sock, address, *args, **kwargs):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None:
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise AssertionError(f"network connection attempted to {address!r}")
        return real_connect(sock, address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        _refuse_lookups(socket.getaddrinfo),
    )


def _refuse_lookups(real):
    def lookup(host, *args, **kwargs):
        if host not in (None, "localhost", "127.0.0.1", "::1"):
            raise AssertionError(f"name lookup attempted for {host!r}")
        return real(host, *args, **kwargs)

    return lookup
