"""`passerelle run` on a port that is taken stops at once and says which and what to do."""

import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from passerelle.common.management.commands.run import port_free_check


def test_a_busy_port_stops_with_the_port_and_how_to_choose_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError) as error:
            # Before migrating or starting anything: no process is left behind.
            call_command("run", bind=f"127.0.0.1:{port}", no_migrate=True)
    message = str(error.value)
    assert f"Port {port} on 127.0.0.1 is already in use" in message
    assert f"make demo BIND=127.0.0.1:{port + 1}" in message


def test_a_free_port_and_a_unix_socket_pass():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    port_free_check(f"127.0.0.1:{port}")
    port_free_check("unix:/tmp/passerelle.sock")
