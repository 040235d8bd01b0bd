"""The daily message counts (MessageDay) stay equal to a GROUP BY over the messages."""

import random
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelle.channels.types.base import InboundEvent
from passerelle.conversations.days import days_from_messages, days_rebuild
from passerelle.conversations.models import MessageDay
from passerelle.conversations.services import (
    group_thread_for,
    message_label,
    message_receive,
    message_reply,
    message_send_system,
    messages_record,
    private_thread_for,
)
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_staff

pytestmark = pytest.mark.django_db


def local(service, day, hour=12, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=service.tz)


def stored(service) -> dict:
    return {
        (r.day, r.thread_kind, r.direction, r.label, r.staff): r.n
        for r in MessageDay.objects.filter(service=service)
        if r.n
    }


def person(service, n=1):
    member, _created = member_for_identity(
        org=service.org, platform="sim", address=f"sim-{n}", name=f"Person {n}", language="fr"
    )
    return member


def receive(channel, member, at, n=1, thread_kind="group"):
    return message_receive(
        channel=channel,
        member=member,
        event=InboundEvent(
            kind="message",
            sender_address=f"sim-{member.pk}",
            text="hello",
            thread_kind=thread_kind,
            platform_message_id=f"m-{n}",
        ),
        at=at,
    )


def day_writes(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "conversations_messageday" in q["sql"]]


def test_a_received_message_counts_once_even_when_delivered_twice(service):
    channel = make_channel(service)
    member = person(service)
    at = local(service, date(2024, 3, 5), 9)
    with CaptureQueriesContext(connection) as captured:
        assert receive(channel, member, at) is not None
    assert len(day_writes(captured)) == 1
    assert receive(channel, member, at) is None  # the platform redelivered it
    assert stored(service) == {(date(2024, 3, 5), "group", "in", "", False): 1}


def test_a_staff_reply_and_a_notice_count_as_sent(service):
    channel = make_channel(service)
    member = person(service)
    staff, role = make_staff(service, Role.MODERATOR)
    receive(channel, member, local(service, date(2024, 3, 5)), thread_kind="private")
    thread = private_thread_for(service, member)
    message_reply(role=role, thread=thread, text="hi", label="referral")
    today = MessageDay.objects.get(direction="out").day
    message_send_system(thread=thread, text="notice", at=local(service, today, 10))
    assert stored(service) == {
        (date(2024, 3, 5), "private", "in", "", False): 1,
        (today, "private", "out", "referral", True): 1,
        (today, "private", "out", "", False): 1,
    }


def test_a_recorded_batch_makes_one_upsert_per_key(service):
    member = person(service)
    group = group_thread_for(service)
    records = [
        {"thread": group, "direction": "in", "text": "x", "at": local(service, day), "member": m}
        for day in (date(2024, 1, 1), date(2024, 1, 2))
        for m in (member, member, member)
    ]
    with CaptureQueriesContext(connection) as captured:
        messages_record(records)
    assert len(day_writes(captured)) == 1  # one statement for the batch's two keys
    assert stored(service) == {
        (date(2024, 1, 1), "group", "in", "", False): 3,
        (date(2024, 1, 2), "group", "in", "", False): 3,
    }


def test_a_relabel_moves_the_message_from_its_old_key_to_the_new(service):
    channel = make_channel(service)
    _staff, role = make_staff(service, Role.MODERATOR)
    first = receive(channel, person(service), local(service, date(2024, 2, 1)), n=1)
    receive(channel, person(service, 2), local(service, date(2024, 2, 1)), n=2)
    key = (date(2024, 2, 1), "group", "in")
    message_label(role=role, message=first, label="request")
    assert stored(service) == {(*key, "", False): 1, (*key, "request", False): 1}
    first.label = "information"  # stale in memory: the stored label is the one taken off
    message_label(role=role, message=first, label="other")
    assert stored(service) == {(*key, "", False): 1, (*key, "other", False): 1}
    with CaptureQueriesContext(connection) as captured:
        message_label(role=role, message=first, label="other")  # no change: no write
    assert day_writes(captured) == []


def test_late_on_the_last_day_of_a_month_is_that_month(service):
    # 23:30 in Toronto on 31 January is 04:30 UTC on 1 February.
    channel = make_channel(service)
    receive(channel, person(service), local(service, date(2024, 1, 31), 23, 30))
    assert stored(service) == {(date(2024, 1, 31), "group", "in", "", False): 1}


def test_statements_added_per_message_write(service):
    """Receiving and replying add one statement each (the upsert); the thread's service is
    already loaded on those paths, so no time zone lookup."""
    channel = make_channel(service)
    member = person(service)
    _staff, role = make_staff(service, Role.MODERATOR)
    receive(channel, member, local(service, date(2024, 3, 5)), n=0, thread_kind="private")
    thread = private_thread_for(service, member)
    with CaptureQueriesContext(connection) as captured:
        receive(channel, member, local(service, date(2024, 3, 5)), n=1, thread_kind="private")
    assert len(day_writes(captured)) == 1
    assert not [q for q in captured.captured_queries if 'FROM "orgs_service"' in q["sql"]]
    with CaptureQueriesContext(connection) as captured:
        message_reply(role=role, thread=thread, text="hi")
    assert len(day_writes(captured)) == 1
    assert not [q for q in captured.captured_queries if 'FROM "orgs_service"' in q["sql"]]


def test_the_counts_equal_a_group_by_over_the_messages_after_a_mix(service):
    rng = random.Random(7)
    channel = make_channel(service)
    staff, role = make_staff(service, Role.MODERATOR)
    people = [person(service, n) for n in range(1, 6)]
    group = group_thread_for(service)
    messages, n = [], 0
    start = local(service, date(2024, 3, 9), 22)  # across a DST change in Toronto
    for _step in range(120):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 5))
        choice = rng.random()
        member = rng.choice(people)
        if choice < 0.3:
            n += 1
            kind = rng.choice(["group", "private"])
            if found := receive(channel, member, at, n=n, thread_kind=kind):
                messages.append(found)
        elif choice < 0.5:
            thread = rng.choice([group, private_thread_for(service, member)])
            messages.append(message_send_system(thread=thread, text="notice", at=at))
        elif choice < 0.7:
            thread = rng.choice([group, private_thread_for(service, member)])
            recorded = [
                {
                    "thread": thread,
                    "direction": "out",
                    "text": "old",
                    "at": at + timedelta(hours=i),
                    "author": staff if i % 2 else None,
                    "label": rng.choice(["", "information", "referral"]),
                }
                for i in range(rng.randrange(1, 6))
            ]
            messages += messages_record(recorded)
        elif messages:
            message = rng.choice(messages)
            message_label(role=role, message=message, label=rng.choice(["", "request", "other"]))
    assert stored(service) == days_from_messages(service)
    assert sum(stored(service).values()) == len(messages)
    # The rebuild writes the same counts (and the command does it for every service).
    days_rebuild(service)
    assert stored(service) == days_from_messages(service)
    MessageDay.objects.filter(service=service).update(n=0)
    call_command("rebuild_message_days", "--service", service.slug, stdout=open("/dev/null", "w"))
    assert stored(service) == days_from_messages(service)
