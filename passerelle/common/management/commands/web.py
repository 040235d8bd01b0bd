import os
import sys

from django.core.management.base import BaseCommand


def gunicorn_argv(bind: str, workers: int, threads: int) -> list[str]:
    """The gunicorn command `passerelle web` replaces itself with."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "passerelle.wsgi:application",
        "--config",
        "python:passerelle.gunicorn_conf",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
    ]


class Command(BaseCommand):
    help = "Run the web server (moderator UI, webhooks, API) with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("PASSERELLE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "8")))

    def handle(self, *args, bind, workers, threads, **options):
        argv = gunicorn_argv(bind, workers, threads)
        self.stdout.write(f"web: serving on http://{bind}/")
        self.stdout.flush()
        # Replace this process so signals reach gunicorn's master directly.
        os.execv(sys.executable, argv)
