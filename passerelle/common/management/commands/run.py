"""`passerelle run`: web server, worker and scheduler as one supervised group."""

import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

RESTART_DELAY = 2.0


class Command(BaseCommand):
    help = "Run web server, task worker and scheduler together (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, bind, no_migrate, **options):
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
