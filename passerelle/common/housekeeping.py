"""Keeping the task queue table small: finished task rows are deleted after a while.

Every webhook and every send leaves a task row; a year of a busy service, or one large
broadcast, would otherwise fill the database with rows nobody reads.
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
        old = DBTaskResult.objects.filter(
            status=status, finished_at__lt=now - timedelta(hours=hours)
        )
        # Bounded per round so one scheduler tick never holds a long delete.
        ids = list(old.values_list("pk", flat=True)[:BATCH])
        if ids:
            deleted += DBTaskResult.objects.filter(pk__in=ids).delete()[0]
    return deleted
