from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background task worker (processes webhooks, sends messages)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="idle poll, seconds")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")

    def handle(self, *args, interval, max_tasks, batch, **options):
        kwargs = {"interval": interval, "reload": False, "batch": batch, "queue_name": "*"}
        if max_tasks:
            kwargs["max_tasks"] = max_tasks
        call_command("db_worker", verbosity=options["verbosity"], **kwargs)
