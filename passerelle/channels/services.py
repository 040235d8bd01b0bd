"""Writes for channels: connecting accounts and storing what platforms send."""

import logging
import secrets as pysecrets

from django.db import connection, transaction
from django.utils import timezone

from passerelle.channels.models import Channel, RawEvent
from passerelle.channels.types import registry
from passerelle.channels.types.base import ConnectError

log = logging.getLogger(__name__)


def channel_create(*, service, type_slug: str, name: str, secrets=None, config=None) -> Channel:
    """Connect a channel to a service; native types get a fresh signing secret."""
    channel_type = registry.get(type_slug)
    secrets = dict(secrets or {})
    if "signing_secret" in channel_type.secret_fields and not secrets.get("signing_secret"):
        secrets["signing_secret"] = pysecrets.token_urlsafe(32)
    return Channel.objects.create(
        org=service.org,
        service=service,
        type=type_slug,
        name=name,
        secrets=secrets,
        config=config or {},
    )


def channel_connect(*, service, type_slug: str, values: dict, name: str = "", actor=None):
    """Connect an account from its type's connect fields, then let the type finish it with
    the platform (check the token, register the webhook). Raises ConnectError, keeping
    nothing, when a required value is missing or the platform refuses."""
    from django.utils.translation import gettext as _

    channel_type = registry.get(type_slug)
    given = {f.name: str(values.get(f.name) or "").strip() for f in channel_type.connect_fields}
    missing = [
        str(f.label) for f in channel_type.connect_fields if f.required and not given[f.name]
    ]
    if missing:
        raise ConnectError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
    fields = {f.name: f for f in channel_type.connect_fields}
    for key, field in fields.items():
        if field.check is not None and given[key]:
            given[key] = field.check(given[key])
    channel = channel_create(
        service=service,
        type_slug=type_slug,
        name=(name or "").strip()[:200] or str(channel_type.name),
        secrets={k: v for k, v in given.items() if v and fields[k].secret},
        config={k: v for k, v in given.items() if v and not fields[k].secret},
    )
    try:
        channel_type.connect(channel)
    except ConnectError:
        channel.delete()
        raise
    except Exception as exc:
        channel.delete()
        log.exception("connecting a %s channel to %s failed", type_slug, service.slug)
        raise ConnectError(
            _("Connecting failed: %(error)s") % {"error": type(exc).__name__}
        ) from exc
    log.info("channel %s (%s) connected to %s by %s", channel.pk, type_slug, service.slug, actor)
    return channel


def channel_deactivate(*, channel: Channel, actor=None) -> Channel:
    """Stop using a channel: its webhook refuses deliveries, nothing more is sent on it."""
    if Channel.objects.filter(pk=channel.pk, is_active=True).update(is_active=False) != 1:
        return channel
    channel.is_active = False
    try:
        channel.channel_type.disconnect(channel)
    except Exception:  # the platform is told as a courtesy; the webhook refuses anyway
        log.exception("channel %s: telling the platform failed", channel.pk)
    log.info("channel %s (%s) deactivated by %s", channel.pk, channel.type, actor)
    return channel


def _tasks_in_this_database(task) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def _insert_once_sql() -> str:
    table = connection.ops.quote_name(RawEvent._meta.db_table)
    return (
        f"INSERT INTO {table} (org_id, channel_id, external_id, body, received_at, attempts, "
        "error) VALUES (%s, %s, %s, %s, %s, 0, '') "
        "ON CONFLICT (channel_id, external_id) DO NOTHING RETURNING id"
    )


def raw_event_store(*, channel: Channel, external_id: str, body: str) -> int | None:
    """Store a delivery once; returns the new event's id, None for a duplicate.

    The row is the queue: with the database task backend, workers claim it themselves
    (inbound.raw_events_claim), so storing is this one statement, committed on its own
    when the caller is not in a transaction (the webhook). Other backends (inline in
    tests, Redis) are handed the event once it is committed.
    """
    # One statement instead of a savepoint, an INSERT and an IntegrityError on duplicates:
    # the ORM cannot say whether ON CONFLICT DO NOTHING inserted (SQLite ≥ 3.35, PostgreSQL).
    # No model instance either: building one cost a tenth of the webhook's CPU.
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_once_sql(),
            [
                channel.org_id,
                channel.pk,
                external_id,
                body,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        row = cursor.fetchone()
    if row is None:
        log.info("duplicate delivery %s on channel %s dropped", external_id, channel.pk)
        return None
    event_id = row[0]
    # Here, not at the top: channels.tasks imports this module (its tasks wrap these functions).
    from passerelle.channels.tasks import process_raw_event

    if not _tasks_in_this_database(process_raw_event):
        transaction.on_commit(lambda: process_raw_event.enqueue(event_id))
    return event_id
