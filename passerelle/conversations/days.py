"""The daily message counts (MessageDay) the reports read, kept in step with the messages.

Every write of conversations.services that stores messages or changes a label adds its
increments here: one `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` per batch
(SQLite and PostgreSQL both have it), in the writer's transaction. `days_rebuild`
recomputes a service's counts from its messages (a migration's backfill, a time zone
change, a repair).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from passerelle.common.memo import defer
from passerelle.conversations.models import Message, MessageDay, Thread
from passerelle.orgs.models import Service

# (service id, local day, thread kind, direction, label, staff)
Key = tuple[int, date, str, str, str, bool]
_KEY_COLUMNS = ("service_id", "day", "thread_kind", "direction", "label", "staff")
# 7 values a row: well under SQLite's limit of bound parameters per statement.
_BATCH = 100


def local_day(at: datetime, tz: ZoneInfo) -> date:
    """The day of `at` in `tz` (a naive time is in the default time zone, as Django reads it)."""
    if timezone.is_naive(at):
        at = timezone.make_aware(at, timezone.get_default_timezone())
    return at.astimezone(tz).date()


def zones_for(threads) -> dict[int, ZoneInfo]:
    """Service id → time zone of the threads' services: from the threads' cached services,
    one query for the others (none when every service is already loaded)."""
    zones, missing = {}, set()
    for thread in threads:
        if Thread.service.is_cached(thread):
            zones[thread.service_id] = thread.service.tz
        else:
            missing.add(thread.service_id)
    missing -= zones.keys()
    if missing:
        for pk, name in Service.objects.filter(pk__in=missing).values_list("pk", "timezone"):
            zones[pk] = ZoneInfo(name)
    return zones


def key_of(message: Message, thread_kind: str, tz: ZoneInfo) -> Key:
    return (
        message.service_id,
        local_day(message.created_at, tz),
        thread_kind,
        message.direction,
        message.label or "",
        message.author_id is not None,
    )


def days_count(messages, threads) -> Counter:
    """The increments of new messages (each one's thread among `threads`)."""
    kinds = {t.pk: t.kind for t in threads}
    zones = zones_for(threads)
    return Counter(key_of(m, kinds[m.thread_id], zones[m.service_id]) for m in messages)


def days_add(increments) -> None:
    """Add {key: n} to the daily counts: one statement per hundred keys, none when empty."""
    rows = [(key, n) for key, n in increments.items() if n]
    if not rows:
        return
    # In one inbound event, the message received and the texts sent count in one statement.
    if defer("message_days", rows, _days_add_merged):
        return
    _days_write(rows)


def _days_add_merged(batches) -> None:
    total: dict = {}
    for rows in batches:
        for key, n in rows:
            total[key] = total.get(key, 0) + n
    _days_write([(key, n) for key, n in total.items() if n])


def _days_write(rows) -> None:
    ops = connection.ops
    table = ops.quote_name(MessageDay._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in (*_KEY_COLUMNS, "n"))
    conflict = ", ".join(ops.quote_name(c) for c in _KEY_COLUMNS)
    n = ops.quote_name("n")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            params = []
            for (service_id, day, kind, direction, label, staff), count in batch:
                params += [
                    service_id,
                    ops.adapt_datefield_value(day),
                    kind,
                    direction,
                    label,
                    bool(staff),
                    count,
                ]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {n} = {table}.{n} + excluded.{n}",
                params,
            )


def days_from_messages(service) -> dict[tuple, int]:
    """(day, thread kind, direction, label, staff) → n, counted over the service's messages:
    the one grouped scan the aggregate replaces (the rebuild, and the tests' reference)."""
    group = Thread.objects.filter(service=service, kind=Thread.Kind.GROUP).values("id")
    rows = (
        Message.objects.filter(service=service)
        .annotate(
            day=TruncDate("created_at", tzinfo=service.tz),
            thread_kind=Case(
                When(thread__in=group, then=Value(Thread.Kind.GROUP)),
                default=Value(Thread.Kind.PRIVATE),
            ),
            staff=Case(
                When(author__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values_list("day", "thread_kind", "direction", "label", "staff")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(day, kind, d, label, bool(staff)): n for day, kind, d, label, staff, n in rows}


def days_rebuild(service) -> int:
    """Recompute one service's daily counts from its messages; returns the rows written."""
    with transaction.atomic():
        # Lock the service row: a concurrent rebuild of the same service waits.
        Service.objects.select_for_update().filter(pk=service.pk).first()
        MessageDay.objects.filter(service=service).delete()
        counted = days_from_messages(service)
        MessageDay.objects.bulk_create(
            [
                MessageDay(
                    service=service,
                    day=day,
                    thread_kind=kind,
                    direction=direction,
                    label=label,
                    staff=staff,
                    n=n,
                )
                for (day, kind, direction, label, staff), n in counted.items()
            ],
            batch_size=500,
        )
    return len(counted)
