"""The outbound pipeline: rows once per recipient, order, limits, lanes, crash rescue."""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels import sending
from passerelle.channels.models import ChannelLog, OutboundMessage, SendLane
from passerelle.channels.pump import channel_pump
from passerelle.channels.sending import due_outbound_requeue, outbound_send
from passerelle.channels.types.base import OutboundRequest
from passerelle.testing.factories import make_channel
from passerelle.testing.fakeplatforms import fixtures

fake_telegram = fixtures.fake_telegram


_sources = itertools.count(1)


@dataclass
class Source:
    """What the domain hands the pipeline: an id it never follows, and the text."""

    org: object
    text: str = "Rappel"
    pk: int = field(default_factory=lambda: next(_sources))


@pytest.fixture
def message(service):
    return Source(org=service.org)


def outbound_queue_many(*, message, channel, recipients):
    return sending.outbound_queue_many(
        org_id=message.org.pk,
        source_id=message.pk,
        channel=channel,
        request=OutboundRequest(text=message.text, recipient=""),
        recipients=recipients,
    )


def test_queue_many_creates_one_row_per_recipient_once(
    sim_channel, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert (
            outbound_queue_many(
                message=message,
                channel=sim_channel,
                recipients=["a", "b", "a"],
            )
            == 2
        )
        assert outbound_queue_many(message=message, channel=sim_channel, recipients=["b", "c"]) == 3
    rows = OutboundMessage.objects.order_by("recipient")
    assert [(r.recipient, r.state, r.priority) for r in rows] == [
        ("a", "queued", 10),
        ("b", "queued", 10),
        ("c", "queued", 10),
    ]
    assert channel_pump(sim_channel.pk) == "done"
    assert set(OutboundMessage.objects.values_list("state", flat=True)) == {"sent"}


def test_conversation_sends_go_before_bulk(
    sim_channel, message, monkeypatch, django_capture_on_commit_callbacks
):
    order = []
    simulator = type(sim_channel.channel_type)
    original = simulator.send
    monkeypatch.setattr(
        simulator,
        "send",
        lambda self, ch, row: order.append(row.recipient) or original(self, ch, row),
    )
    with django_capture_on_commit_callbacks(execute=False):
        outbound_queue_many(message=message, channel=sim_channel, recipients=["b1", "b2"])
        OutboundMessage.objects.create(
            org=message.org,
            channel=sim_channel,
            source_id=message.pk,
            text=message.text,
            recipient="reply",
        )
    channel_pump(sim_channel.pk)
    assert order == ["reply", "b1", "b2"]


def test_a_throttled_send_waits_without_using_an_attempt(
    settings, sim_channel, message, monkeypatch
):
    from passerelle.channels.types.base import RateLimit

    settings.RATE_LIMITS, settings.RATE_LIMIT_MARGIN = True, 0.0
    monkeypatch.setattr(
        type(sim_channel.channel_type),
        "rate_limits",
        lambda self, ch, row: [RateLimit(f"t:{ch.pk}:{row.recipient}", 1, 5.0)],
    )
    first = OutboundMessage.objects.create(
        org=message.org, channel=sim_channel, source_id=message.pk, text=message.text, recipient="x"
    )
    second = OutboundMessage.objects.create(
        org=message.org,
        channel=sim_channel,
        source_id=next(_sources),
        text="Encore",
        recipient="x",
    )
    now = timezone.now()
    assert outbound_send(first.pk, now=now) == "sent"
    assert outbound_send(second.pk, now=now) == "throttled"
    second.refresh_from_db()
    assert second.state == "queued" and second.attempts == 0
    assert second.next_attempt_at == pytest.approx(
        now + timedelta(seconds=5), abs=timedelta(seconds=0.01)
    )
    assert outbound_send(second.pk, now=now + timedelta(seconds=4)) == "skipped"  # not due
    assert outbound_send(second.pk, now=now + timedelta(seconds=5.01)) == "sent"


def test_a_busy_channel_runs_no_second_loop_per_lane(settings, sim_channel):
    settings.SEND_LANES = 1
    SendLane.objects.create(
        channel=sim_channel, lane=0, held_until=timezone.now() + timedelta(seconds=30)
    )
    assert channel_pump(sim_channel.pk) == "busy"
    SendLane.objects.update(held_until=timezone.now() - timedelta(seconds=1))  # its holder died
    assert channel_pump(sim_channel.pk) == "done"
    lane = SendLane.objects.get()
    assert lane.held_until is None and lane.generation == 1
    # A successor carrying an old generation finds its lane taken over and stops.
    assert channel_pump(sim_channel.pk, lane=0, generation=0) == "busy"
    assert channel_pump(sim_channel.pk, lane=0, generation=1) == "done"


def test_throttled_loop_schedules_its_successor(
    settings,
    service,
    message,
    fake_telegram,
    monkeypatch,
):
    """With the database task backend, a waiting loop leaves a deferred task, not a busy worker."""
    from django_tasks_db.models import DBTaskResult

    from passerelle.channels.services import channel_connect
    from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN

    channel = channel_connect(
        service=service,
        type_slug="telegram",
        values={"token": TELEGRAM_TOKEN, "api_base_url": fake_telegram.url},
    )
    settings.RATE_LIMITS = True
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    outbound_queue_many(message=message, channel=channel, recipients=["11", "11", "12"])
    second = Source(org=message.org, text="Deux")
    OutboundMessage.objects.create(
        org=message.org, channel=channel, source_id=second.pk, text=second.text, recipient="11"
    )
    DBTaskResult.objects.all().delete()
    before = timezone.now()
    assert channel_pump(channel.pk) == "done"
    # Chat 11 got one message, chat 12 too; chat 11's second waits a second, as a task.
    assert sorted(r.params["chat_id"] for r in fake_telegram.calls("sendMessage")) == [11, 12]
    (task,) = DBTaskResult.objects.all()
    assert task.task_path.endswith("pump_channel")
    assert task.args_kwargs["args"][0] == channel.pk
    assert before + timedelta(seconds=0.9) < task.run_after < before + timedelta(seconds=3)


def test_rescue_of_a_send_a_dead_worker_left_behind(sim_channel, message, settings):
    old = timezone.now() - timedelta(seconds=settings.SENDING_TIMEOUT_SECONDS + 5)
    answered, silent = (
        OutboundMessage.objects.create(
            org=message.org,
            channel=sim_channel,
            source_id=message.pk,
            text=message.text,
            recipient=r,
            state="sending",
            attempts=1,
            next_attempt_at=old,
        )
        for r in ("answered", "silent")
    )
    ChannelLog.objects.create(
        org=message.org, channel=sim_channel, outbound=answered, action="send", status_code=200
    )
    ChannelLog.objects.filter(outbound=answered).update(created_at=old + timedelta(seconds=1))
    due_outbound_requeue()
    answered.refresh_from_db()
    silent.refresh_from_db()
    assert answered.state == "sent"  # the platform had accepted it: not sent twice
    assert silent.state == "sent" and silent.attempts == 2  # sent again by the woken loop


def test_an_unexpected_error_in_a_type_is_a_retry_not_a_crash(sim_channel, message, monkeypatch):
    def broken(self, channel, row):
        raise RuntimeError("bug")

    monkeypatch.setattr(type(sim_channel.channel_type), "send", broken)
    row = OutboundMessage.objects.create(
        org=message.org, channel=sim_channel, source_id=message.pk, text=message.text, recipient="x"
    )
    assert channel_pump(sim_channel.pk) == "done"
    row.refresh_from_db()
    assert row.state == "queued" and "RuntimeError" in row.error and row.next_attempt_at


def test_after_max_attempts_a_send_fails(sim_channel, message, monkeypatch):
    from passerelle.channels.types.base import SendError

    monkeypatch.setattr(
        type(sim_channel.channel_type),
        "send",
        lambda self, ch, row: (_ for _ in ()).throw(SendError("503 again")),
    )
    row = OutboundMessage.objects.create(
        org=message.org,
        channel=sim_channel,
        source_id=message.pk,
        text=message.text,
        recipient="x",
        attempts=sending.MAX_ATTEMPTS - 1,
    )
    assert outbound_send(row.pk) == "failed"
    row.refresh_from_db()
    assert row.state == "failed" and row.error == "503 again"


def test_inactive_channel_sends_nothing(service, message):
    channel = make_channel(service, "simulator")
    OutboundMessage.objects.create(
        org=message.org, channel=channel, source_id=message.pk, text=message.text, recipient="x"
    )
    channel.is_active = False
    channel.save()
    assert channel_pump(channel.pk) == "inactive"
    assert due_outbound_requeue() == 0


def test_a_send_in_flight_on_another_worker_holds_the_next_to_that_chat(sim_channel, message):
    """Order per chat across workers: the claim itself refuses a later row to a busy chat."""
    in_flight, later, elsewhere = (
        OutboundMessage.objects.create(
            org=message.org,
            channel=sim_channel,
            source_id=next(_sources),
            text=text,
            recipient=recipient,
            state=state,
            next_attempt_at=timezone.now() if state == "sending" else None,
        )
        for text, recipient, state in (
            ("1", "x", "sending"),
            ("2", "x", "queued"),
            ("3", "y", "queued"),
        )
    )
    assert outbound_send(later.pk) == "skipped"
    assert channel_pump(sim_channel.pk) == "done"
    assert OutboundMessage.objects.get(pk=later.pk).state == "queued"
    assert OutboundMessage.objects.get(pk=elsewhere.pk).state == "sent"
    OutboundMessage.objects.filter(pk=in_flight.pk).update(state="sent")  # its worker finished
    assert outbound_send(later.pk) == "sent"
