from django.conf import settings
from django.core.management.base import BaseCommand

from passerelle.common.scheduler import run_forever


class Command(BaseCommand):
    help = "Run the scheduler: sweeps deadlines, retries and stale events."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=settings.SCHEDULER_INTERVAL_SECONDS)
        parser.add_argument("--max-ticks", type=int, default=None, help="stop after N rounds")

    def handle(self, *args, interval, max_ticks, **options):
        self.stdout.write(f"scheduler: running every {interval:g}s")
        try:
            run_forever(interval, max_ticks)
        except KeyboardInterrupt:
            self.stdout.write("scheduler: stopped")
