"""The scheduler loop: periodic sweeps of stored deadlines, never one timer per row.

Jobs are dotted paths in settings.SCHEDULED_JOBS; each is a function taking no argument
that claims its rows with conditional updates, so two schedulers never do a job twice.
"""

import logging
import time
from importlib import import_module

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger("passerelle.scheduler")


def _resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def run_jobs_once() -> dict[str, int]:
    """Run every scheduled job once; a failing job is logged and does not stop the others."""
    results = {}
    for path in settings.SCHEDULED_JOBS:
        try:
            results[path] = _resolve(path)() or 0
        except Exception:
            log.exception("scheduled job %s failed", path)
            results[path] = -1
    return results


def run_forever(interval: float, max_ticks: int | None = None) -> None:
    """Run the jobs every `interval` seconds until stopped."""
    ticks = 0
    while max_ticks is None or ticks < max_ticks:
        close_old_connections()
        started = time.monotonic()
        for path, count in run_jobs_once().items():
            if count:
                log.info("%s: %s", path, count)
        ticks += 1
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
