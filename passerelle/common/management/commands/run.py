"""`passerelle run`: web server, worker and scheduler as one supervised group."""

import errno
import signal
import socket
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

RESTART_DELAY = 2.0


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, bind, no_migrate, **options):
        # Checked before anything starts: a web server that cannot bind would be restarted
        # every few seconds forever, each time saying only "Connection in use".
        port_free_check(bind)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        base = [sys.executable, "-m", "passerelle"]
        commands = {
            "web": [*base, "web", "--bind", bind],
            "worker": [*base, "worker"],
            "scheduler": [*base, "scheduler"],
        }
        children = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"passerelle: running on http://{bind}/ (Ctrl-C to stop)")
        while not stopping:
            time.sleep(0.5)
            for name, child in children.items():
                if child.poll() is not None and not stopping:
                    # A crashed part is restarted; the others keep serving meanwhile.
                    self.stderr.write(f"{name} exited with {child.returncode}; restarting")
                    time.sleep(RESTART_DELAY)
                    children[name] = subprocess.Popen(commands[name])
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("passerelle: stopped")


def _host_port(bind: str) -> tuple[str, int] | None:
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or host.startswith("unix"):
        return None  # a Unix socket or an address gunicorn will judge itself
    return host.strip("[]") or "0.0.0.0", int(port)


def port_free_check(bind: str) -> None:
    """Stop with a clear message when the address is taken (another program listens)."""
    address = _host_port(bind)
    if address is None:
        return
    host, port = address
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: a port left in TIME_WAIT by a stopped server counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise CommandError(f"Cannot listen on {bind}: {exc.strerror}.") from None
            other = f"{host}:{port + 1}"
            raise CommandError(
                f"Port {port} on {host} is already in use (another Passerelle, or another "
                f"program). Stop it, or choose another address: make demo BIND={other} "
                f"(or: passerelle run --bind {other})."
            ) from None
