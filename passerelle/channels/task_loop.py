"""The background tasks' loop (django_tasks_db's worker), stopped between statements.

db_worker's own SIGTERM handler exits at once when no task is running — even when the
signal lands inside the transaction that claims the next task. psycopg is then left
mid-transaction and leaving the transaction raises ("can't change 'autocommit' now"), so a
clean stop ended with exit status 1 (seen on a loaded machine, tests/test_worker_restart.py).
Here the first signal only ends the loop, which checks it after each claim, task or idle
wait (at most `interval` later); a second signal stops at once, as db_worker's does.
"""

import logging
import signal

from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)


class StoppingWorker(Worker):
    def shutdown(self, signum, frame) -> None:
        if not self.running:
            super().shutdown(signum, frame)  # asked twice: stop now
            return
        logger.warning("Received %s - stopping after the current step", signal.strsignal(signum))
        self.running = False


def tasks_run(*, interval: float, batch: bool, max_tasks: int | None, verbosity: int) -> None:
    """Run tasks of every queue until stopped (or, with `batch`, until none is ready)."""
    DbWorkerCommand().configure_logging(verbosity)
    worker = StoppingWorker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()
