"""Writes for channels: connecting accounts and storing what platforms send."""

import logging
import secrets as pysecrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.channels.models import Channel, RawEvent
from passerelle.channels.types import registry

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


def raw_event_store(*, channel: Channel, external_id: str, body: str) -> RawEvent | None:
    """Store a delivery once; returns None when it was already stored (a duplicate)."""
    from passerelle.channels.tasks import process_raw_event

    try:
        with transaction.atomic():
            event = RawEvent.objects.create(
                org_id=channel.org_id,
                channel=channel,
                external_id=external_id,
                body=body,
                received_at=timezone.now(),
            )
            transaction.on_commit(lambda: process_raw_event.enqueue(event.pk))
    except IntegrityError:
        log.info("duplicate delivery %s on channel %s dropped", external_id, channel.pk)
        return None
    return event
