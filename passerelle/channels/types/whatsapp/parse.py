"""WhatsApp Cloud API webhook bodies → neutral events.

One body may batch several messages and statuses, for several phone numbers of the
same app: `entry[].changes[].value.{metadata, contacts, messages, statuses}`. Unknown
types and fields are ignored; a value of the wrong type is treated as missing.
"""

import hashlib

from passerelle.channels.types.base import InboundEvent
from passerelle.channels.types.meta import compact_id, objects, text_field, timestamp

# WhatsApp message type → (Passerelle media kind, field holding the caption).
MEDIA = {
    "image": ("photo", "caption"),
    "video": ("video", "caption"),
    "document": ("document", "caption"),
    "sticker": ("other", ""),
}
STATUSES = {"sent", "delivered", "read", "failed"}
# Not something a person wrote to the service: reactions, system notices, "welcome" pings.
SKIPPED = {"reaction", "system", "request_welcome", "unsupported", "ephemeral"}


def changes(data: dict, phone_number_id: str = ""):
    """The `value` objects of message changes, for this channel's number only.

    An app has one webhook URL for every number it serves; a channel takes the events
    of its own number and leaves the others' (see docs/channels/whatsapp.md).
    """
    if data.get("object") != "whatsapp_business_account":
        return
    for entry in objects(data.get("entry")):
        for change in objects(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            if phone_number_id and str(metadata.get("phone_number_id", "")) != phone_number_id:
                continue
            yield value


def delivery_id(data: dict, body: bytes, phone_number_id: str = "") -> str:
    """The event id of one delivery: its message ids and (status id, status) pairs."""
    ids = []
    for value in changes(data, phone_number_id):
        ids += [text_field(m.get("id"), 200) for m in objects(value.get("messages"))]
        ids += [
            f"{text_field(s.get('id'), 200)}:{text_field(s.get('status'), 20)}"
            for s in objects(value.get("statuses"))
        ]
    ids = [i for i in ids if i and i != ":"]
    if not ids:  # nothing of ours in it (another number, another field): the body is the id
        ids = ["body-" + hashlib.sha256(body).hexdigest()]
    return compact_id(ids, "wa")


def events(data: dict, phone_number_id: str = "") -> list[InboundEvent]:
    """Every message and status of a body, in order."""
    found = []
    for value in changes(data, phone_number_id):
        names = {}
        for contact in objects(value.get("contacts")):
            profile = contact.get("profile") if isinstance(contact.get("profile"), dict) else {}
            names[text_field(contact.get("wa_id"), 40)] = text_field(profile.get("name"), 200)
        found += [_message(m, names) for m in objects(value.get("messages"))]
        found += [_status(s) for s in objects(value.get("statuses"))]
    return [event for event in found if event.kind != InboundEvent.IGNORED] or [
        InboundEvent(kind=InboundEvent.IGNORED)
    ]


def _part(message: dict, key: str) -> dict:
    value = message.get(key)
    return value if isinstance(value, dict) else {}


def _message(message: dict, names: dict) -> InboundEvent:
    sender = text_field(message.get("from"), 40)
    message_id = text_field(message.get("id"), 200)
    kind = text_field(message.get("type"), 40)
    if not sender or not message_id or kind in SKIPPED:
        return InboundEvent(kind=InboundEvent.IGNORED)
    text, media, extra = "", "text", {}
    if kind == "text":
        text = text_field(_part(message, "text").get("body"))
    elif kind in ("audio", "voice"):
        audio = _part(message, kind)
        media = "voice" if audio.get("voice") is True or kind == "voice" else "audio"
        extra["media_id"] = text_field(audio.get("id"), 100)
    elif kind in MEDIA:
        media, caption_key = MEDIA[kind]
        part = _part(message, kind)
        text = text_field(part.get(caption_key)) if caption_key else ""
        if kind == "document" and not text:
            text = text_field(part.get("filename"), 500)
        extra["media_id"] = text_field(part.get("id"), 100)
    elif kind == "interactive":
        interactive = _part(message, "interactive")
        reply = _part(interactive, text_field(interactive.get("type"), 40))
        text = text_field(reply.get("title"), 500)
        extra["reply_id"] = text_field(reply.get("id"), 200)
    elif kind == "button":  # a quick-reply button of a template we sent
        button = _part(message, "button")
        text = text_field(button.get("text"), 500)
        extra["reply_id"] = text_field(button.get("payload"), 200)
    elif kind == "location":
        place = _part(message, "location")
        text = text_field(place.get("name"), 500) or text_field(place.get("address"), 500)
        media = "other"
    else:
        media = "other"
    return InboundEvent(
        kind=InboundEvent.MESSAGE,
        sender_address=sender,
        sender_name=names.get(sender, ""),
        thread_kind="private",
        text=text,
        media_kind=media,
        platform_message_id=message_id,
        reply_to_platform_id=text_field(_part(message, "context").get("id"), 200),
        occurred_at=timestamp(message.get("timestamp")),
        extra=extra,
    )


def _status(status: dict) -> InboundEvent:
    state = text_field(status.get("status"), 20)
    message_id = text_field(status.get("id"), 200)
    if state not in STATUSES or not message_id:
        return InboundEvent(kind=InboundEvent.IGNORED)
    reasons = []
    for error in objects(status.get("errors")):
        data = _part(error, "error_data")
        code = error.get("code") if isinstance(error.get("code"), int) else ""
        title = text_field(error.get("title"), 200) or text_field(error.get("message"), 200)
        details = text_field(data.get("details"), 500)
        reason = " ".join(str(part) for part in (code, title) if part)
        reasons.append(f"{reason}: {details}" if details else reason)
    return InboundEvent(
        kind=InboundEvent.STATUS,
        platform_message_id=message_id,
        occurred_at=timestamp(status.get("timestamp")),
        extra={
            "status": state,
            "error": "; ".join(reasons),
            "recipient": text_field(status.get("recipient_id"), 40),
        },
    )
