"""Passerelle's own webhook envelope, spoken by the simulator and the web chat.

{"event_id": "…", "type": "message"|"join"|"join_request"|"leave"|"report",
 "sender": {"id": "…", "name": "…", "language": "ar"},
 "chat": "group"|"private", "text": "…", "media": "text",
 "message_id": "…", "reply_to": "…", "timestamp": 1700000000}

"join" says the person is in the group and "join_request" that they ask to be let in (both
start the intake); "report" carries "message": the id of the group message reported.
"""

import hashlib
import hmac
from datetime import UTC, datetime
from typing import ClassVar

from passerelle.channels.types.base import ChannelType, InboundEvent, WebhookRejected
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
        return event_id

    # Whether the envelope's "timestamp" was set by our own server. The web chat's body is
    # built by the visitor's browser, whose clock is theirs to set (a year-2999 message would
    # pin itself above everything and skew the statistics): the pipeline then dates the
    # event when the server received it. The simulator's body is signed by the server.
    trusts_timestamp: ClassVar[bool] = False

    def parse(self, channel, body):
        return [parse_envelope(self.load_json(body), trust_time=self.trusts_timestamp)]

    def group_recipient(self, channel) -> str:
        # The group lives in Passerelle itself: members' pages read the group thread.
        return "group"
