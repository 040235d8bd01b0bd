from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from passerelle.common.housekeeping import finished_tasks_prune


def _row(status, age_hours):
    finished = timezone.now() - timedelta(hours=age_hours)
    return DBTaskResult.objects.create(
        status=status,
        task_path="passerelle.channels.tasks.process_raw_event",
        args_kwargs={"args": [1], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        finished_at=finished if status != "READY" else None,
    )


@pytest.mark.django_db
def test_old_finished_rows_go_recent_and_pending_ones_stay():
    old_ok, new_ok = _row("SUCCESSFUL", 48), _row("SUCCESSFUL", 1)
    old_failed, ancient_failed = _row("FAILED", 48), _row("FAILED", 24 * 40)
    pending = _row("READY", 0)
    assert finished_tasks_prune() == 2
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {new_ok.pk, old_failed.pk, pending.pk}
    assert old_ok.pk not in left and ancient_failed.pk not in left
