"""A member edited a message on the platform: the stored text follows the edit."""

import logging

from django.db import transaction

from passerelle.conversations.models import Message

log = logging.getLogger(__name__)

# Earlier versions kept per message: enough to see what was said before an edit.
MAX_EDITS_KEPT = 20


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
        extra = dict(message.extra or {})
        last = extra.get("edit_date")
        if message.text == event.text or (last and edit_date and edit_date <= last):
            return message
        edits = list(extra.get("edits", []))
        edits.append({"text": message.text, "replaced_at": at.isoformat(), "edit_date": edit_date})
        extra.update(edits=edits[-MAX_EDITS_KEPT:], edit_date=edit_date)
        message.text, message.extra = event.text, extra
        message.save(update_fields=["text", "extra"])
    return message
