"""Passerelle's own webhook envelope, spoken by the simulator and the web chat.

{"event_id": "…", "type": "message"|"join"|"join_request"|"leave"|"report",
 "sender": {"id": "…", "name": "…", "language": "ar"},
 "chat": "group"|"private", "text": "…", "media": "text",
 "message_id": "…", "reply_to": "…", "timestamp": 1700000000,
 "file": "<token>", "file_name": "…"}

"file" names a file the sender uploaded first through their member page (the store is
channels.native_files); the webhook refuses a token that is not theirs on this channel.

"join" says the person is in the group and "join_request" that they ask to be let in (both
start the intake); "report" carries "message": the id of the group message reported.
"""

import hashlib
import hmac
from datetime import UTC, datetime
from typing import ClassVar

from passerelle.channels.types.base import ChannelType, InboundEvent, SendError, WebhookRejected
from passerelle.common.crypto import same_secret

MEDIA_KINDS = {"text", "voice", "audio", "photo", "video", "document", "other"}
KINDS = {
    "message": "message",
    "join": "joined",
    "join_request": "join_request",
    "leave": "left",
    "report": "report",
}


def sign(secret: str, body: bytes) -> str:
    """The signature header value for a body: `sha256=<hex HMAC>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(secret: str, body: bytes, header: str) -> None:
    if not secret or not header or not same_secret(sign(secret, body), header):
        raise WebhookRejected("bad or missing signature", status=403)


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WebhookRejected("text fields must be strings")
    return value[:limit]


def _time(timestamp) -> datetime | None:
    if isinstance(timestamp, int | float) and 0 < timestamp < 32503680000:
        return datetime.fromtimestamp(timestamp, UTC)
    return None


def _choice(value, known):
    """`known[value]` (or `value` when known is a set) for a string value; None otherwise:
    a signed body may still carry a list where a name belongs (unhashable, a TypeError)."""
    if not isinstance(value, str) or value not in known:
        return None
    return known[value] if isinstance(known, dict) else value


def _file(channel, data: dict, sender_id):
    """The stored file the envelope names, when its sender uploaded it on this channel."""
    from passerelle.channels.native_files import native_file_get

    if not isinstance(sender_id, str) or not sender_id:
        return None
    return native_file_get(channel, data.get("file"), address=sender_id[:200])


def parse_envelope(data: dict, *, trust_time: bool = False) -> InboundEvent:
    """Validate one envelope and turn it into an InboundEvent."""
    kind = _choice(data.get("type", "message"), KINDS)
    sender = data.get("sender")
    if kind is None:
        return InboundEvent(kind=InboundEvent.IGNORED)
    if not isinstance(sender, dict) or not _text(sender.get("id"), 200):
        raise WebhookRejected("sender.id is required")
    chat = data.get("chat", "private")
    if chat not in ("group", "private"):
        raise WebhookRejected("chat must be 'group' or 'private'")
    media = data.get("media", "text")
    occurred_at = _time(data.get("timestamp")) if trust_time else None
    return InboundEvent(
        kind=kind,
        sender_address=_text(sender.get("id"), 200),
        sender_name=_text(sender.get("name"), 200),
        sender_language=_text(sender.get("language"), 12),
        thread_kind=chat,
        text=_text(data.get("text"), 10_000),
        media_kind=_choice(media, MEDIA_KINDS) or "other",
        platform_message_id=_text(data.get("message_id") or data.get("event_id"), 200),
        reply_to_platform_id=_text(data.get("reply_to"), 200),
        occurred_at=occurred_at,
        extra={"message": _text(data.get("message"), 20)} if kind == "report" else {},
    )


class NativeChannelType(ChannelType):
    """Shared parsing for the two channel types that speak the native envelope."""

    carries_group = True
    secret_fields = ("signing_secret",)
    # The member's page shows or plays what the store kept (outgoing_files).
    media_limits = {
        kind: (16 * 1024 * 1024, None) for kind in ("photo", "voice", "audio", "document")
    }
    supported_actions = frozenset(
        {"approve_join", "decline_join", "ban", "unban", "delete_message", "restrict", "unrestrict"}
    )

    def perform(self, channel, action, params) -> dict:
        # The group lives in Passerelle: membership status and message rows are the truth,
        # so there is no remote call to make.
        return {"native": True}

    def event_id(self, channel, body, request) -> str:
        data = self.load_json(body)
        event_id = data.get("event_id")
        if not isinstance(event_id, str) or not 0 < len(event_id) <= 200:
            raise WebhookRejected("event_id is required")
        if "file" in data:
            # Checked while the sender waits, so the page can say so; the body is signed
            # (or carries the visitor's token) by now, so this is no oracle for strangers.
            sender = data.get("sender")
            sender_id = sender.get("id") if isinstance(sender, dict) else None
            if data.get("type", "message") != "message" or _file(channel, data, sender_id) is None:
                raise WebhookRejected("file: no such upload by this sender on this channel")
        return event_id

    # Whether the envelope's "timestamp" was set by our own server. The web chat's body is
    # built by the visitor's browser, whose clock is theirs to set (a year-2999 message would
    # pin itself above everything and skew the statistics): the pipeline then dates the
    # event when the server received it. The simulator's body is signed by the server.
    trusts_timestamp: ClassVar[bool] = False

    def parse(self, channel, body):
        data = self.load_json(body)
        event = parse_envelope(data, trust_time=self.trusts_timestamp)
        if event.kind == "message" and "file" in data:
            # The stored file says its type and name, not the envelope (the web chat's body
            # is the visitor's to write). Gone (erased, expired): the message keeps its kind.
            found = _file(channel, data, event.sender_address)
            if found is None and event.media_kind == "text":
                event.media_kind = "other"
            if found is not None:
                # The kind the server gave the upload (a PDF is never shown as a photo).
                event.media_kind = found.kind
                event.extra.update(
                    file_id=found.token, file_name=found.file_name, mime_type=found.mime_type
                )
        return [event]

    def media_fetch(self, channel, media):
        from passerelle.channels.native_files import native_file_get

        found = native_file_get(channel, media.get("file_id"))
        if found is None:
            raise SendError("the file is no longer kept", permanent=True)
        return bytes(found.data), found.mime_type

    def group_recipient(self, channel) -> str:
        # The group lives in Passerelle itself: members' pages read the group thread.
        return "group"
