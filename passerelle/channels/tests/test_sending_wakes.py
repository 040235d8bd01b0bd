"""Queuing several sends in one transaction wakes each channel's sender once: a sender loop
sends every queued row, so an event that says three things writes one task row."""

import itertools

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from passerelle.channels.models import OutboundMessage
from passerelle.channels.sending import outbound_queue
from passerelle.channels.types.base import OutboundRequest
from passerelle.testing.factories import make_channel

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
_sources = itertools.count(7000)


def _queue(channel, recipient="11"):
    request = OutboundRequest(text="Bonjour", recipient=recipient)
    return outbound_queue(
        org_id=channel.org_id, source_id=next(_sources), sends=[(channel, request)]
    )


def _wakes(channel):
    return [t for t in DBTaskResult.objects.all() if t.args_kwargs["args"] == [channel.pk]]


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def test_three_sends_in_one_transaction_wake_the_sender_once(
    db_tasks, sim_channel, service, django_capture_on_commit_callbacks
):
    other = make_channel(service, "simulator")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _queue(sim_channel, "11")
            with transaction.atomic():
                _queue(sim_channel, "12")  # in a savepoint, released
            _queue(sim_channel, "13")
            _queue(other)
    assert OutboundMessage.objects.filter(channel=sim_channel).count() == 3
    assert len(_wakes(sim_channel)) == 1 and len(_wakes(other)) == 1


def test_a_wake_rolled_back_with_its_savepoint_does_not_stand_for_the_next_send(
    db_tasks, sim_channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    _queue(sim_channel, "11")
                    raise ValueError
            except ValueError:
                pass
            _queue(sim_channel, "12")
    assert list(OutboundMessage.objects.values_list("recipient", flat=True)) == ["12"]
    assert len(_wakes(sim_channel)) == 1


def test_a_wake_already_run_does_not_stand_for_a_later_send(
    db_tasks, sim_channel, django_capture_on_commit_callbacks
):
    # Tests (and only tests) run the callbacks before the transaction ends.
    for recipient in ("11", "12"):
        with django_capture_on_commit_callbacks(execute=True):
            _queue(sim_channel, recipient)
    assert len(_wakes(sim_channel)) == 2
