"""With the database task backend, a stored webhook and its processing task are one commit."""

from django.db import transaction
from django_tasks_db.models import DBTaskResult

from passerelle.channels.models import RawEvent
from passerelle.channels.services import raw_event_store

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_task_row_is_written_with_the_event(sim_channel, settings):
    settings.TASKS = DB_TASKS
    event = raw_event_store(channel=sim_channel, external_id="e-1", body="{}")
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [event.pk], "kwargs": {}}
    assert raw_event_store(channel=sim_channel, external_id="e-1", body="{}") is None
    assert DBTaskResult.objects.count() == 1  # a duplicate adds no task


def test_rolled_back_event_leaves_no_task(sim_channel, settings):
    settings.TASKS = DB_TASKS

    class Abort(Exception):
        pass

    try:
        with transaction.atomic():
            raw_event_store(channel=sim_channel, external_id="e-2", body="{}")
            raise Abort
    except Abort:
        pass
    assert not RawEvent.objects.exists() and not DBTaskResult.objects.exists()
