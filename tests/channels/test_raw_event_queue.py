"""The raw event table is the inbound queue: stored in one statement, claimed by workers.

With the database task backend no task row is written per webhook: the worker's inbound
loop claims due events itself (inbound.raw_events_claim), in batches, exactly once.
"""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from passerelle.channels.inbound import MAX_ATTEMPTS, raw_events_claim, raw_events_work
from passerelle.channels.models import RawEvent
from passerelle.channels.services import channel_create, raw_event_store
from passerelle.conversations.models import Message
from passerelle.testing.factories import sim_body

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def _store(channel, count, prefix="q"):
    for i in range(count):
        body = sim_body(
            sender=f"telegram-{prefix}{i}", event_id=f"{prefix}-{i}", text=f"{prefix}{i}"
        )
        assert raw_event_store(channel=channel, external_id=f"{prefix}-{i}", body=body.decode())


def _texts():
    return sorted(Message.objects.values_list("text", flat=True))


def _block_parse(monkeypatch, channel, inside, release):
    channel_type = type(channel.channel_type)
    real_parse = channel_type.parse

    def parse_and_wait(self, channel, body):
        # Only the other claimer waits: the test's own claims run straight through.
        if threading.current_thread().name == "claimer":
            inside.set()
            release.wait(10)
        return real_parse(self, channel, body)

    monkeypatch.setattr(channel_type, "parse", parse_and_wait)


def test_storing_is_one_statement_and_no_task(sim_channel, db_tasks):
    with CaptureQueriesContext(connection) as queries:
        event_id = raw_event_store(channel=sim_channel, external_id="e-1", body="{}")
    assert len(queries) == 1 and "ON CONFLICT" in queries[0]["sql"]
    event = RawEvent.objects.get()
    assert event.pk == event_id and event.processed_at is None and event.attempts == 0
    with CaptureQueriesContext(connection) as queries:
        assert raw_event_store(channel=sim_channel, external_id="e-1", body="{}") is None
    assert len(queries) == 1
    assert RawEvent.objects.count() == 1 and not DBTaskResult.objects.exists()


def test_claims_process_due_events_in_batches(sim_channel, db_tasks):
    _store(sim_channel, 5)
    assert Message.objects.count() == 0  # nothing runs until a worker claims
    assert raw_events_claim(limit=3) == 3
    assert raw_events_claim(limit=3) == 2
    assert raw_events_claim(limit=3) == 0
    assert _texts() == [f"q{i}" for i in range(5)]
    assert set(RawEvent.objects.values_list("attempts", flat=True)) == {1}
    assert not RawEvent.objects.filter(processed_at__isnull=True).exists()


def test_a_batch_costs_at_most_two_statements_per_event_of_its_own(sim_channel, db_tasks):
    _store(sim_channel, 4)
    with CaptureQueriesContext(connection) as queries:
        assert raw_events_claim(limit=4) == 4
    own = [
        q["sql"]
        for q in queries
        if "channels_rawevent" in q["sql"] and not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    # The claim and one UPDATE marking the batch processed (SQLite looks first without the
    # write lock: one more per batch).
    assert len(own) == (2 if connection.vendor == "postgresql" else 3), own


def test_a_failing_event_is_retried_later_and_the_others_commit(
    sim_channel, db_tasks, monkeypatch, settings
):
    settings.RAW_EVENT_RETRY_SECONDS = 30
    _store(sim_channel, 3)
    channel_type = type(sim_channel.channel_type)
    real_parse = channel_type.parse

    def parse(self, channel, body):
        if json.loads(body)["event_id"] == "q-1":
            raise RuntimeError("a bug")
        return real_parse(self, channel, body)

    monkeypatch.setattr(channel_type, "parse", parse)
    assert raw_events_claim(limit=10) == 3
    assert _texts() == ["q0", "q2"]
    failed = RawEvent.objects.get(external_id="q-1")
    assert failed.processed_at is None and failed.attempts == 1
    assert failed.error == "RuntimeError: a bug"
    assert failed.retry_at > timezone.now() + timedelta(seconds=25)
    assert raw_events_claim(limit=10) == 0  # not before its retry time

    RawEvent.objects.filter(pk=failed.pk).update(retry_at=timezone.now())
    assert raw_events_claim(limit=10) == 1
    failed.refresh_from_db()
    assert failed.attempts == 2 and failed.retry_at > timezone.now() + timedelta(seconds=55)

    monkeypatch.setattr(channel_type, "parse", real_parse)
    RawEvent.objects.filter(pk=failed.pk).update(retry_at=timezone.now())
    assert raw_events_claim(limit=10) == 1
    failed.refresh_from_db()
    assert failed.processed_at is not None and failed.attempts == 3
    assert _texts() == ["q0", "q1", "q2"]


def test_an_event_failing_every_attempt_is_left_for_an_operator(sim_channel, db_tasks):
    _store(sim_channel, 1)
    RawEvent.objects.update(attempts=MAX_ATTEMPTS, error="RuntimeError: a bug")
    assert raw_events_claim(limit=10) == 0
    assert RawEvent.objects.get().processed_at is None


def test_an_unparseable_event_is_marked_processed_and_never_retried(sim_channel, db_tasks):
    body = json.dumps({"event_id": "bad-1", "type": "message", "chat": "group"})
    raw_event_store(channel=sim_channel, external_id="bad-1", body=body)
    assert raw_events_claim(limit=10) == 1
    event = RawEvent.objects.get()
    assert event.processed_at is not None and event.error.startswith("unparseable")
    assert event.attempts == 1
    assert raw_events_claim(limit=10) == 0


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_drains_the_queue_and_stops(sim_channel, db_tasks):
    _store(sim_channel, 4)
    stop = threading.Event()
    loop = threading.Thread(
        target=raw_events_work, kwargs={"stop": stop, "interval": 0.05, "limit": 3}
    )
    loop.start()
    try:
        deadline = timezone.now() + timedelta(seconds=20)
        while RawEvent.objects.filter(processed_at__isnull=True).exists():
            assert timezone.now() < deadline, "the loop processed nothing"
            stop.wait(0.05)
    finally:
        stop.set()
        loop.join(10)
    assert not loop.is_alive()
    assert _texts() == [f"q{i}" for i in range(4)]


def _claim_in_thread(result, pid=None):
    try:
        if pid is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid.append(cursor.fetchone()[0])
        result.append(raw_events_claim(limit=3))
    except Exception as exc:
        result.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_claimers_get_disjoint_events(sim_channel, db_tasks, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite claimers take turns on its write lock")
    _store(sim_channel, 6)
    inside, release = threading.Event(), threading.Event()
    _block_parse(monkeypatch, sim_channel, inside, release)
    first: list = []
    claimer = threading.Thread(target=_claim_in_thread, args=(first,), name="claimer")
    claimer.start()
    try:
        assert inside.wait(10)
        # The claimer holds its three, mid-batch: this claim skips them.
        assert raw_events_claim(limit=10) == 3
        assert Message.objects.count() == 3
    finally:
        release.set()
        claimer.join(20)
    assert first == [3]
    assert _texts() == [f"q{i}" for i in range(6)]
    assert set(RawEvent.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_killed_claimers_events_are_claimed_again_once(sim_channel, db_tasks, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("a server connection to kill; tests/test_worker_restart.py covers SQLite")
    _store(sim_channel, 3)
    inside, release = threading.Event(), threading.Event()
    _block_parse(monkeypatch, sim_channel, inside, release)
    result, pid = [], []
    claimer = threading.Thread(target=_claim_in_thread, args=(result, pid), name="claimer")
    claimer.start()
    try:
        assert inside.wait(10)
        assert raw_events_claim(limit=10) == 0  # all three are locked by the claimer
        with connection.cursor() as cursor:
            # What SIGKILL does to a worker's session: the server ends it, rolls it back.
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid[0]])
    finally:
        release.set()
        claimer.join(20)
    assert isinstance(result[0], Exception)
    assert Message.objects.count() == 0
    assert raw_events_claim(limit=10) == 3
    assert _texts() == ["q0", "q1", "q2"]
    assert set(RawEvent.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_between_two_batches_ends_one_early_and_loses_nothing(
    sim_channel, db_tasks, monkeypatch
):
    """Two batches that lock two shared rows in opposite orders (what a daily counter and a
    group thread can do): the server aborts one; that batch commits what it finished and
    gives the rest back, uncounted, to the next claim."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: no deadlock")
    _store(sim_channel, 4)
    hot = [
        channel_create(service=sim_channel.service, type_slug="simulator", name=n).pk for n in "xy"
    ]
    # q-0, q-1 for the first claimer (row x, then y); q-2, q-3 for the second (y, then x).
    order = {
        "q-0": (hot[0], False),
        "q-1": (hot[1], True),
        "q-2": (hot[1], False),
        "q-3": (hot[0], True),
    }
    both_hold_one, first_inside = threading.Barrier(2, timeout=10), threading.Event()
    channel_type = type(sim_channel.channel_type)
    real_parse = channel_type.parse

    def parse_locking(self, channel, body):
        if threading.current_thread().name not in ("first", "second"):
            return real_parse(self, channel, body)  # the test's own claim, afterwards
        row, second = order[json.loads(body)["event_id"]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM channels_channel WHERE id = %s FOR UPDATE", [row])
        if not second:
            first_inside.set()
            both_hold_one.wait()
        return real_parse(self, channel, body)

    monkeypatch.setattr(channel_type, "parse", parse_locking)
    results: dict = {}

    def claim(name):
        try:
            results[name] = raw_events_claim(limit=2)
        except Exception as exc:
            results[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=claim, args=("first",), name="first")
    first.start()
    assert first_inside.wait(10)
    second = threading.Thread(target=claim, args=("second",), name="second")
    second.start()
    first.join(30)
    second.join(30)
    assert results == {"first": 2, "second": 2}  # neither raised
    # The server picks the victim: it committed what it finished and gave the rest back.
    assert Message.objects.count() in (2, 3)
    assert Message.objects.count() + raw_events_claim(limit=10) == 4
    assert _texts() == ["q0", "q1", "q2", "q3"]
    assert set(RawEvent.objects.values_list("attempts", flat=True)) == {1}
    assert set(RawEvent.objects.values_list("error", flat=True)) == {""}
