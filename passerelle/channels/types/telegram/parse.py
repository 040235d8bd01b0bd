"""Telegram Update objects (as POSTed to the webhook) turned into InboundEvents.

Read as plain dicts, every field checked for its type: a payload Telegram never sends
(or an attacker who guessed nothing, since the secret header is checked first) gives an
IGNORED event or a WebhookRejected, never another exception.

Ids: Telegram numbers messages per chat, so a message's platform id is
"<chat id>:<message id>". A member is their Telegram user id, the same in the group and in
their private chat with the bot.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from passerelle.channels.types.base import InboundEvent

log = logging.getLogger(__name__)

BOT_ADDED = "bot_added"  # handled by the type itself (links the group), never dispatched
EDITED = InboundEvent.EDITED
GROUP_TYPES = ("group", "supergroup")
# Media fields in the order Telegram's clients would name the message by.
MEDIA = [
    ("voice", "voice"),
    ("video_note", "video"),
    ("audio", "audio"),
    ("photo", "photo"),
    ("video", "video"),
    ("animation", "video"),
    ("document", "document"),
    ("sticker", "other"),
    ("location", "other"),
    ("contact", "other"),
    ("poll", "other"),
    ("venue", "other"),
]
_TEXT_LIMIT = 10_000


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _int(value) -> int | None:
    # bool is an int in Python; Telegram ids never are.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value, limit: int = 200) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _when(value) -> datetime | None:
    seconds = _int(value)
    if seconds is None or not 0 < seconds < 32503680000:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _name(user: dict) -> str:
    parts = [_str(user.get("first_name")), _str(user.get("last_name"))]
    return " ".join(p for p in parts if p)[:200] or _str(user.get("username"))


def _person(user: dict) -> dict | None:
    """The fields of a User that make a member, or None when it is not a usable person."""
    user_id = _int(user.get("id"))
    if user_id is None or user.get("is_bot") is True:
        return None
    return {
        "sender_address": str(user_id),
        "sender_name": _name(user),
        "sender_language": _str(user.get("language_code"), 12),
    }


def _ignored(reason: str, *args) -> list[InboundEvent]:
    log.info("telegram update ignored: " + reason, *args)
    return [InboundEvent(kind=InboundEvent.IGNORED, extra={"reason": reason % args})]


def _chat_kind(chat: dict, group_chat_id: str) -> str | None:
    """ "private", "group" (the service's linked group), or None (any other chat)."""
    chat_type = chat.get("type")
    if chat_type == "private":
        return "private"
    if chat_type in GROUP_TYPES and group_chat_id and str(chat.get("id")) == group_chat_id:
        return "group"
    return None


def _media(message: dict) -> tuple[str, dict]:
    for field, kind in MEDIA:
        value = message.get(field)
        if value in (None, False):
            continue
        if field == "photo" and isinstance(value, list):
            sizes = [_dict(size) for size in value]
            value = sizes[-1] if sizes else {}  # Telegram lists sizes smallest first
        media = _dict(value)
        extra = {"media_field": field}
        if file_id := _str(media.get("file_id"), 300):
            extra["file_id"] = file_id
        if name := _str(media.get("file_name")):
            extra["file_name"] = name
        if (duration := _int(media.get("duration"))) is not None:
            extra["duration"] = duration
        return kind, extra
    return "text", {}


def _message_events(message: dict, kind: str, bot_id: str, group_chat_id: str):
    chat = _dict(message.get("chat"))
    chat_id, message_id = _int(chat.get("id")), _int(message.get("message_id"))
    if chat_id is None or message_id is None:
        return _ignored("message without chat.id or message_id")
    thread = _chat_kind(chat, group_chat_id)
    if thread is None:
        return _ignored("chat %s (%s) is not this service's group", chat_id, chat.get("type"))
    at = _when(message.get("date"))
    if kind == EDITED:
        at = _when(message.get("edit_date")) or at
    base = {"thread_kind": thread, "occurred_at": at}
    chat_extra = {"chat_id": str(chat_id)}
    if isinstance(message.get("new_chat_members"), list):
        events = []
        for user in message["new_chat_members"]:
            person = _person(_dict(user))
            if person is None or person["sender_address"] == bot_id:
                continue  # the bot itself (see my_chat_member) or another bot
            events.append(InboundEvent(kind="joined", **person, **base, extra=dict(chat_extra)))
        return events or _ignored("new_chat_members: only bots")
    if "left_chat_member" in message:
        person = _person(_dict(message.get("left_chat_member")))
        if person is None or person["sender_address"] == bot_id:
            return _ignored("left_chat_member: a bot")
        return [InboundEvent(kind="left", **person, **base, extra=chat_extra)]
    person = _person(_dict(message.get("from")))
    if person is None:
        # Anonymous group admins and channels post "as the chat": nobody to answer.
        return _ignored("message %s:%s has no person as sender", chat_id, message_id)
    media_kind, media = _media(message)
    text = _str(message.get("text"), _TEXT_LIMIT) or _str(message.get("caption"), _TEXT_LIMIT)
    if media_kind == "text" and not text:
        return _ignored("message %s:%s has nothing Passerelle keeps", chat_id, message_id)
    reply = _dict(message.get("reply_to_message"))
    reply_id = _int(reply.get("message_id"))
    extra = {**chat_extra, **media}
    if kind == InboundEvent.MESSAGE and base["thread_kind"] == "private" and _is_start(text):
        # Telegram's own "new conversation": the Start button sends /start (and a payload).
        kind = InboundEvent.START
    if kind == EDITED:
        extra["edit_date"] = _int(message.get("edit_date"))
    return [
        InboundEvent(
            kind=kind,
            **person,
            **base,
            text=text,
            media_kind=media_kind,
            platform_message_id=f"{chat_id}:{message_id}",
            reply_to_platform_id=f"{chat_id}:{reply_id}" if reply_id is not None else "",
            extra=extra,
        )
    ]


def _is_start(text: str) -> bool:
    word = text.strip().split(maxsplit=1)[0] if text.strip() else ""
    return word.split("@", 1)[0].casefold() == "/start"


def _join_request(request: dict, group_chat_id: str):
    chat = _dict(request.get("chat"))
    if _chat_kind(chat, group_chat_id) != "group":
        return _ignored("join request for chat %s, not this service's group", chat.get("id"))
    person = _person(_dict(request.get("from")))
    if person is None:
        return _ignored("join request without a person")
    user_chat_id = _int(request.get("user_chat_id"))
    extra = {"chat_id": str(chat.get("id")), "bio": _str(request.get("bio"), 500)}
    if user_chat_id is not None:
        extra["user_chat_id"] = str(user_chat_id)
    return [
        InboundEvent(
            kind="join_request",
            **person,
            thread_kind="private",
            occurred_at=_when(request.get("date")),
            extra=extra,
        )
    ]


def _bot_membership(update: dict, bot_id: str):
    chat = _dict(update.get("chat"))
    new = _dict(update.get("new_chat_member"))
    user_id = _int(_dict(new.get("user")).get("id"))
    status = _str(new.get("status"), 30)
    chat_id, chat_type = _int(chat.get("id")), chat.get("type")
    if chat_id is None or (bot_id and str(user_id) != bot_id):
        return _ignored("my_chat_member about someone else")
    if chat_type in GROUP_TYPES and status in ("administrator", "member"):
        rights = {key: value for key, value in new.items() if key.startswith("can_")}
        return [
            InboundEvent(
                kind=BOT_ADDED,
                thread_kind="group",
                occurred_at=_when(update.get("date")),
                extra={
                    "chat_id": str(chat_id),
                    "title": _str(chat.get("title")),
                    "status": status,
                    "rights": {k: v for k, v in rights.items() if isinstance(v, bool)},
                    "by": str(_int(_dict(update.get("from")).get("id")) or ""),
                },
            )
        ]
    return _ignored("bot is now %r in %s chat %s", status, chat_type, chat_id)


def parse_update(data: dict, *, bot_id: str = "", group_chat_id: str = "") -> list[InboundEvent]:
    """The events in one Update; the service's group is `group_chat_id` ('' = none yet)."""
    if isinstance(data.get("message"), dict):
        return _message_events(data["message"], InboundEvent.MESSAGE, bot_id, group_chat_id)
    if isinstance(data.get("edited_message"), dict):
        return _message_events(data["edited_message"], EDITED, bot_id, group_chat_id)
    if isinstance(data.get("chat_join_request"), dict):
        return _join_request(data["chat_join_request"], group_chat_id)
    if isinstance(data.get("my_chat_member"), dict):
        return _bot_membership(data["my_chat_member"], bot_id)
    kinds = sorted(key for key in data if key != "update_id")[:3]
    return _ignored("update of kind %s", ",".join(str(k)[:40] for k in kinds) or "none")
