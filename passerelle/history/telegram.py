"""Telegram Desktop's JSON export (`result.json`) → records.

One chat ("Export chat history": `{"name", "type", "id", "messages": […]}`) or the whole
account ("Export Telegram data": `{"chats": {"list": [chat, …]}}`, one chosen by name or
id). Messages are `type: "message"` (text as a string, or a list of strings and entity
objects); joins, leaves and removals are `type: "service"` with an `action`. Times:
`date_unixtime` is exact (seconds since 1970, UTC); `date` alone is the exporting
computer's wall clock, read in the chat's time zone. Some exports carry only one.
"""

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from passerelle.common.text import storable
from passerelle.history.records import Export, ExportError, Kind, Media, Person, Problem, Record

_JOINS = {"join_group_by_link", "join_group_by_request"}
_ADDS = {"invite_members", "add_members", "create_group"}
_MEDIA_TYPES = {
    "voice_message": Media.VOICE,
    "audio_file": Media.AUDIO,
    "video_file": Media.VIDEO,
    "video_message": Media.VIDEO,
    "animation": Media.VIDEO,
    "sticker": Media.OTHER,
}
_OTHER_CONTENT = ("contact_information", "location_information", "poll", "game", "invoice")


def flat_text(value) -> str:
    """A message's text: Telegram gives a string, or a list of strings and entities."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", ""))
            for part in value
            if isinstance(part, str | dict)
        )
    return ""


def _chats(data) -> list[dict]:
    if not isinstance(data, dict):
        raise ExportError("not a Telegram export: the file holds no JSON object")
    if isinstance(data.get("messages"), list):
        return [data]
    found = []
    for group in ("chats", "left_chats"):
        listed = (data.get(group) or {}).get("list") if isinstance(data.get(group), dict) else None
        found += [c for c in listed or [] if isinstance(c, dict) and c.get("messages")]
    if not found:
        raise ExportError("not a Telegram export: no `messages`, no `chats.list` with messages")
    return found


def _pick(chats: list[dict], chat: str | None) -> dict:
    if chat is not None:
        matching = [c for c in chats if chat in (str(c.get("id", "")), str(c.get("name", "")))]
        if len(matching) != 1:
            raise ExportError(
                f"{len(matching)} chats of this export are named or numbered {chat!r}"
            )
        return matching[0]
    if len(chats) == 1:
        return chats[0]
    listed = "; ".join(
        f"{c.get('id', '?')} {c.get('name') or '(no name)'} ({len(c['messages'])} messages)"
        for c in chats
    )
    raise ExportError(f"this export holds {len(chats)} chats: choose one with --chat ({listed})")


def _moment(message: dict, tz: ZoneInfo) -> datetime:
    if message.get("date_unixtime") not in (None, ""):
        return datetime.fromtimestamp(int(message["date_unixtime"]), UTC)
    if message.get("date"):
        local = datetime.fromisoformat(str(message["date"]))
        return local if local.tzinfo else local.replace(tzinfo=tz)
    raise ValueError("no date")


def _ids_by_name(messages) -> dict[str, str]:
    # Service messages list members by name only; their own messages give their id.
    ids = {}
    for message in messages:
        if not isinstance(message, dict):
            continue
        for name_key, id_key in (("from", "from_id"), ("actor", "actor_id")):
            name, person_id = message.get(name_key), message.get(id_key)
            if isinstance(name, str) and person_id:
                ids.setdefault(name, str(person_id))
    return ids


def _media(message: dict) -> Media:
    if message.get("photo"):
        return Media.PHOTO
    if message.get("media_type") in _MEDIA_TYPES:
        return _MEDIA_TYPES[message["media_type"]]
    if message.get("file"):
        return Media.DOCUMENT
    if any(message.get(key) for key in _OTHER_CONTENT):
        return Media.OTHER
    return Media.NONE


class _Reader:
    def __init__(self, chat: dict, tz: ZoneInfo):
        self.chat_id = str(chat.get("id", ""))
        self.tz = tz
        self.ids = _ids_by_name(chat["messages"])
        self.unnumbered = Counter()

    def person(self, name, person_id=None) -> Person | None:
        name = str(name) if name else ""
        person_id = str(person_id) if person_id else self.ids.get(name, "")
        if not (name or person_id):
            return None
        return Person(name or "Deleted account", id=person_id)

    def source_id(self, message: dict, at: datetime) -> str:
        if message.get("id") not in (None, ""):
            return f"tg:{self.chat_id}:{message['id']}"
        # A minimal export numbers nothing: the moment, sender and text name the message.
        body = f"{at.isoformat()}\n{message.get('from')}\n{flat_text(message.get('text'))}"
        occurrence = self.unnumbered[body]
        self.unnumbered[body] += 1
        digest = hashlib.sha256(f"{body}\n{occurrence}".encode()).hexdigest()
        return f"tg:{self.chat_id}:h{digest[:32]}"

    def record(self, message: dict) -> Record:
        at = _moment(message, self.tz)
        base = {"at": at, "source_id": self.source_id(message, at)}
        if message.get("type") == "message":
            return self.said(message, base)
        if message.get("type") == "service":
            return self.service(message, base)
        raise ValueError(f"unknown message type {message.get('type')!r}")

    def said(self, message: dict, base: dict) -> Record:
        sender = self.person(message.get("from"), message.get("from_id"))
        if sender is None:
            raise ValueError("a message from nobody (no `from`, no `from_id`)")
        text = flat_text(message.get("text"))
        if not text and "text_entities" in message:
            text = flat_text(message["text_entities"])
        media = _media(message)
        if not text.strip() and media == Media.NONE:
            raise ValueError("a message with neither text nor file")
        reply = message.get("reply_to_message_id")
        return Record(
            kind=Kind.MESSAGE,
            sender=sender,
            text=storable(text).strip(),
            media=media,
            reply_to=f"tg:{self.chat_id}:{reply}" if reply not in (None, "") else "",
            forwarded_from=storable(str(message.get("forwarded_from") or "")),
            **base,
        )

    def service(self, message: dict, base: dict) -> Record:
        action = message.get("action")
        actor = self.person(message.get("actor"), message.get("actor_id"))
        members = [self.person(m) for m in message.get("members") or [] if m]
        text = storable(flat_text(message.get("text")) or str(action or ""))
        if action in _JOINS and actor is not None:
            return Record(kind=Kind.JOIN, subjects=(actor,), text=text, **base)
        if action in _ADDS and members:
            return Record(kind=Kind.ADD, sender=actor, subjects=tuple(members), text=text, **base)
        if action == "remove_members" and members:
            # Leaving is written as removing oneself.
            if actor is not None and all(m == actor or m.name == actor.name for m in members):
                return Record(kind=Kind.LEAVE, subjects=(actor,), text=text, **base)
            removed = tuple(m for m in members if actor is None or m.name != actor.name)
            return Record(kind=Kind.REMOVE, sender=actor, subjects=removed, text=text, **base)
        return Record(kind=Kind.SYSTEM, sender=actor, text=text, **base)


def read(data: bytes | str | dict, *, tz: ZoneInfo, chat: str | None = None) -> Export:
    """Read one chat of an export; `chat` (a name or id) when it holds several."""
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ExportError(f"not a Telegram export: the JSON cannot be read ({exc})") from exc
    picked = _pick(_chats(data), chat)
    reader = _Reader(picked, tz)
    export = Export(chat=str(picked.get("name") or picked.get("id") or ""))
    for index, message in enumerate(picked["messages"]):
        message_id = str(message.get("id", f"#{index + 1}")) if isinstance(message, dict) else ""
        try:
            if not isinstance(message, dict):
                raise ValueError("not a JSON object")
            export.records.append(reader.record(message))
        except (ValueError, TypeError, OverflowError, OSError) as exc:
            export.problems.append(Problem(str(exc), message_id=message_id or f"#{index + 1}"))
    return export
