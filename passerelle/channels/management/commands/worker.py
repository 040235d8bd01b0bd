"""`passerelle worker`: the inbound queue (raw events) and the background tasks (sends…).

Two loops in one process, each on its own thread and database connection, so a long task
(a channel's sender loop can run for seconds) never holds up incoming messages. SIGTERM or
Ctrl-C stops both: the task loop after its current task, the inbound loop after its batch.
"""

import os
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from passerelle.channels.inbound import raw_events_claim, raw_events_work
from passerelle.channels.task_loop import tasks_run


class Command(BaseCommand):
    help = "Run a background worker: incoming webhooks (the raw-event queue) and tasks."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="idle poll, seconds")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--inbound-batch",
            type=int,
            default=settings.RAW_EVENT_BATCH,
            help="raw events claimed and committed together",
        )
        loops = parser.add_mutually_exclusive_group()
        loops.add_argument("--no-inbound", action="store_true", help="tasks only")
        loops.add_argument("--no-tasks", action="store_true", help="raw events only")

    def handle(self, *args, interval, max_tasks, batch, inbound_batch, **options):
        no_inbound, no_tasks = options["no_inbound"], options["no_tasks"]
        if settings.WORKER_NICE > 0:
            # On a shared machine the web server's acknowledgements go first: a platform
            # kept waiting retries and may turn the webhook off, a stored event can wait.
            os.nice(settings.WORKER_NICE)
        tasks = {"interval": interval, "max_tasks": max_tasks or None}
        tasks["verbosity"] = options["verbosity"]
        if batch:
            while not no_inbound and raw_events_claim(limit=inbound_batch):
                pass
            if not no_tasks:
                tasks_run(batch=True, **tasks)
            return
        stop = threading.Event()
        inbound = None
        if not no_inbound:
            inbound = threading.Thread(
                target=raw_events_work,
                kwargs={"stop": stop, "interval": interval, "limit": inbound_batch},
                name="inbound",
            )
            inbound.start()
        try:
            if no_tasks:
                for signum in (signal.SIGINT, signal.SIGTERM):
                    signal.signal(signum, lambda *_: stop.set())
                while not stop.wait(1.0):
                    pass
            else:
                # The task loop installs its own SIGTERM/SIGINT handlers and returns when
                # told to stop (task_loop); the inbound loop is stopped after it.
                tasks_run(batch=False, **tasks)
        finally:
            stop.set()
            if inbound is not None:
                inbound.join()
