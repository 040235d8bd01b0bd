"""Keeping the task queue table small: finished task rows are deleted after a while.

Every webhook and every send leaves a task row; a year of a busy service, or one large
broadcast, would otherwise fill the database with rows nobody reads.

The scheduler runs this every tick (5 s), so it must cost what is due, not the size of
the table: each status is one range read on the partial index `task_finished_prune`
(status, finished_at; finished rows only; common/migrations/0001) bounded by BATCH, then
one delete by primary key when something is due — at most four statements a tick.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

BATCH = 5000


def finished_tasks_prune() -> int:
    """Delete successful task rows past their keep time (failed ones are kept longer)."""
    now = timezone.now()
    deleted = 0
    for status, hours in (
        ("SUCCESSFUL", settings.TASK_RESULTS_KEEP_HOURS),
        ("FAILED", settings.FAILED_TASK_RESULTS_KEEP_HOURS),
    ):
        # `finished_at__isnull=False` names the partial index's condition for the planner.
        old = DBTaskResult.objects.filter(
            status=status, finished_at__isnull=False, finished_at__lt=now - timedelta(hours=hours)
        ).order_by()
        # Bounded per round so one scheduler tick never holds a long delete.
        ids = list(old.values_list("pk", flat=True)[:BATCH])
        if ids:
            deleted += DBTaskResult.objects.filter(pk__in=ids).delete()[0]
    return deleted
