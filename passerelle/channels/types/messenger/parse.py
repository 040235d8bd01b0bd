"""Messenger webhook bodies → neutral events.

`{"object": "page", "entry": [{"id": page, "time", "messaging": [event]}]}` where each
event has `sender.id` (the person's page-scoped id), `timestamp` in milliseconds and one
of `message`, `postback`, `delivery`, `read`. Echoes of the page's own messages and
anything unknown are ignored; a value of the wrong type is treated as missing.
"""

import hashlib

from passerelle.channels.types.base import InboundEvent
from passerelle.channels.types.meta import compact_id, objects, text_field, timestamp

ATTACHMENTS = {"audio": "audio", "image": "photo", "video": "video", "file": "document"}


def _part(value: dict, key: str) -> dict:
    found = value.get(key)
    return found if isinstance(found, dict) else {}


def messaging(data: dict, page_id: str = ""):
    """The messaging events of a body, for this channel's page only."""
    if data.get("object") != "page":
        return
    for entry in objects(data.get("entry")):
        if page_id and str(entry.get("id", "")) != page_id:
            continue
        yield from objects(entry.get("messaging"))


def _sender(event: dict) -> str:
    return text_field(_part(event, "sender").get("id"), 64)


def _key(event: dict) -> str:
    """The id of one messaging event, for dedupe."""
    sender = _sender(event)
    if "message" in event:
        return text_field(_part(event, "message").get("mid"), 200)
    if "postback" in event:
        postback = _part(event, "postback")
        mid = text_field(postback.get("mid"), 200)
        return mid or f"postback:{sender}:{text_field(str(event.get('timestamp', '')), 20)}"
    for kind in ("delivery", "read"):
        if kind in event:
            watermark = _part(event, kind).get("watermark")
            return f"{kind}:{sender}:{text_field(str(watermark), 20)}"
    return ""


def delivery_id(data: dict, body: bytes, page_id: str = "") -> str:
    ids = [key for event in messaging(data, page_id) if (key := _key(event))]
    if not ids:
        ids = ["body-" + hashlib.sha256(body).hexdigest()]
    return compact_id(ids, "fb")


def events(data: dict, page_id: str = "") -> list[InboundEvent]:
    found = []
    for event in messaging(data, page_id):
        sender = _sender(event)
        at = timestamp(event.get("timestamp"), millis=True)
        if not sender:
            continue
        if "message" in event:
            found.append(_message(event, sender, at))
        elif "postback" in event:
            postback = _part(event, "postback")
            found.append(
                InboundEvent(
                    kind=InboundEvent.MESSAGE,
                    sender_address=sender,
                    text=text_field(postback.get("title"), 500),
                    platform_message_id=_key(event),
                    occurred_at=at,
                    extra={"payload": text_field(postback.get("payload"), 1000)},
                )
            )
        elif "delivery" in event or "read" in event:
            found += _statuses(event, sender)
    return [e for e in found if e.kind != InboundEvent.IGNORED] or [
        InboundEvent(kind=InboundEvent.IGNORED)
    ]


def _message(event: dict, sender: str, at) -> InboundEvent:
    message = _part(event, "message")
    mid = text_field(message.get("mid"), 200)
    if message.get("is_echo") or not mid:
        return InboundEvent(kind=InboundEvent.IGNORED)
    attachments = objects(message.get("attachments"))
    media = "text"
    extra = {}
    if attachments:
        kind = text_field(attachments[0].get("type"), 20)
        media = ATTACHMENTS.get(kind, "other")
        extra["attachment_url"] = text_field(_part(attachments[0], "payload").get("url"), 2000)
    quick_reply = _part(message, "quick_reply")
    if quick_reply:
        extra["payload"] = text_field(quick_reply.get("payload"), 1000)
    return InboundEvent(
        kind=InboundEvent.MESSAGE,
        sender_address=sender,
        thread_kind="private",
        text=text_field(message.get("text")),
        media_kind=media,
        platform_message_id=mid,
        reply_to_platform_id=text_field(_part(message, "reply_to").get("mid"), 200),
        occurred_at=at,
        extra=extra,
    )


def _statuses(event: dict, sender: str) -> list[InboundEvent]:
    kind = "delivery" if "delivery" in event else "read"
    report = _part(event, kind)
    status = "delivered" if kind == "delivery" else "read"
    found = [
        InboundEvent(
            kind=InboundEvent.STATUS,
            platform_message_id=mid,
            extra={"status": status, "recipient": sender},
        )
        for mid in (report.get("mids") if isinstance(report.get("mids"), list) else [])
        if isinstance(mid, str) and 0 < len(mid) <= 200
    ]
    # "Everything sent before this time": how Messenger reports reads, and deliveries too.
    watermark = timestamp(report.get("watermark"), millis=True)
    if watermark is not None:
        found.append(
            InboundEvent(
                kind=InboundEvent.STATUS,
                sender_address=sender,
                extra={"status": status, "watermark": watermark},
            )
        )
    return found
