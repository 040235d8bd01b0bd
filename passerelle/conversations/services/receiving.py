"""Receiving: a member's message and its edits, stored once."""

import logging

from django.db import transaction

from passerelle.channels.models import OutboundMessage
from passerelle.common.compiled import insert_once
from passerelle.conversations.days import days_add, key_of
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services.threads import (
    group_thread_for,
    private_thread_for,
    thread_touch,
)
from passerelle.nlp.language import language_of

log = logging.getLogger(__name__)

# Earlier versions kept per message: enough to see what was said before an edit.
MAX_EDITS_KEPT = 20
# What a platform gives to fetch a voice note, photo or document later, on demand.
MEDIA_KEYS = ("file_id", "media_id", "file_name", "mime_type", "duration", "media_field")


def _replied_message(channel, platform_id: str) -> Message | None:
    """The message a member replied to: a member's message, or a staff message (whose
    platform id lives on its send row, since one staff message goes to several places)."""
    if not platform_id:
        return None
    found = Message.objects.filter(channel=channel, platform_message_id=platform_id).first()
    if found is None:
        source_id = (
            OutboundMessage.objects.filter(channel=channel, platform_message_id=platform_id)
            .values_list("source_id", flat=True)
            .first()
        )
        found = Message.objects.filter(pk=source_id).first() if source_id else None
    return found


def _media_reference(event) -> dict:
    media = {key: event.extra[key] for key in MEDIA_KEYS if event.extra.get(key) is not None}
    return {"media": media} if media and event.media_kind != "text" else {}


def _detected(service, text: str) -> str:
    return language_of(text) if text and service.assistance_on("language") else ""


def message_received(channel, platform_message_id: str) -> bool:
    """Whether this platform message is already stored (batched platforms redeliver)."""
    return bool(platform_message_id) and (
        Message.objects.filter(channel=channel, platform_message_id=platform_message_id).exists()
    )


_ONCE = "(channel_id, platform_message_id) WHERE NOT (platform_message_id = '')"


def message_receive(*, channel, member, event, at) -> Message | None:
    """Store an inbound message once; None when this platform message was already stored."""
    service = channel.service
    if event.thread_kind == Thread.Kind.GROUP:
        thread = group_thread_for(service)
    else:
        thread = private_thread_for(service, member)
    reply_to = _replied_message(channel, event.reply_to_platform_id)
    message = Message(
        org_id=service.org_id,
        service=service,
        thread=thread,
        channel=channel,
        direction=Message.Direction.IN,
        member=member,
        text=event.text,
        media_kind=event.media_kind,
        language=event.sender_language or member.language,
        # A column of the INSERT: no statement more (test_event_budgets).
        detected_language=_detected(service, event.text),
        platform_message_id=event.platform_message_id,
        reply_to=reply_to,
        created_at=at,
        extra=_media_reference(event),
    )
    # Once per platform message (the unique index platform_message_once): a batched
    # platform's redelivery stores nothing, in one statement (common.compiled).
    if not insert_once(message, conflict=_ONCE):
        log.info("message %s already stored", event.platform_message_id)
        return None
    days_add({key_of(message, thread.kind, service.tz): 1})
    thread_touch(thread.pk, at=at, unread="add")
    return message


def message_edit_receive(*, channel, event, at) -> Message | None:
    """Replace a stored inbound message's text; the earlier text goes to extra["edits"].

    Edits arrive once each but maybe out of order: one older than the last applied
    (by the platform's edit time) is ignored. None when the message was never stored.
    """
    edit_date = (event.extra or {}).get("edit_date")
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(
                channel=channel,
                platform_message_id=event.platform_message_id,
                direction=Message.Direction.IN,
            )
            .first()
        )
        if message is None or not event.platform_message_id:
            log.info("edit of unknown message %s ignored", event.platform_message_id)
            return None
        if message.redacted:
            # Erased or past retention: a late edit must not bring the text back.
            return message
        extra = dict(message.extra or {})
        last = extra.get("edit_date")
        if message.text == event.text or (last and edit_date and edit_date <= last):
            return message
        edits = list(extra.get("edits", []))
        edits.append({"text": message.text, "replaced_at": at.isoformat(), "edit_date": edit_date})
        extra.update(edits=edits[-MAX_EDITS_KEPT:], edit_date=edit_date)
        Message.objects.filter(pk=message.pk).update(text=event.text, extra=extra)
        message.text, message.extra = event.text, extra
    return message
