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


@pytest.mark.django_db
def test_the_prune_costs_the_same_whatever_is_kept_and_reads_through_its_index():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _n in range(30):
        _row("SUCCESSFUL", 1)  # kept: still inside their 24 hours
    with CaptureQueriesContext(connection) as nothing_due:
        assert finished_tasks_prune() == 0
    for _n in range(20):
        _row("SUCCESSFUL", 48)
    with CaptureQueriesContext(connection) as twenty_due:
        assert finished_tasks_prune() == 20
    # Two bounded reads; one delete per status with something due.
    assert len(nothing_due) == 2 and len(twenty_due) <= 4
    reads = [q["sql"] for q in nothing_due.captured_queries]
    assert all("finished_at" in sql and "LIMIT" in sql for sql in reads)
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, DBTaskResult._meta.db_table)
    assert "task_finished_prune" in names
