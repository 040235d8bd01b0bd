"""What every channel type provides, and the neutral shapes it speaks.

A channel type turns a platform's webhook into InboundEvents and sends OutboundMessages
through the platform's API. Everything after parsing is platform-neutral.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from django.http import HttpRequest

    from passerelle.channels.models import Channel, OutboundMessage


class WebhookRejected(Exception):
    """The request is not from the platform (signature) or is not usable (format)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class SendError(Exception):
    """A failed send; `permanent` errors are never retried (blocked bot, invalid number)."""

    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass
class InboundEvent:
    """One thing that happened on the platform, in Passerelle's words."""

    kind: str  # "message", "join_request", "joined", "left", "status", "ignored"
    sender_address: str = ""
    sender_name: str = ""
    sender_language: str = ""
    thread_kind: str = "private"  # "group" or "private"
    text: str = ""
    media_kind: str = "text"
    platform_message_id: str = ""
    reply_to_platform_id: str = ""
    occurred_at: datetime | None = None
    extra: dict = field(default_factory=dict)

    MESSAGE: ClassVar[str] = "message"
    IGNORED: ClassVar[str] = "ignored"


@dataclass
class SendResult:
    platform_message_id: str = ""


@dataclass(frozen=True)
class RateLimit:
    """A platform limit one send counts against, shared by every worker."""

    key: str  # e.g. "telegram:bot:123", "telegram:chat:-1001", "whatsapp:pair:+1613…"
    limit: int  # units allowed per period
    period: float  # seconds
    cost: int = 1  # units this send uses (an SMS counts its segments)


class ChannelType(ABC):
    """Base class: subclasses set the class attributes and implement the three hooks."""

    slug: ClassVar[str]
    name: ClassVar[str]
    platform: ClassVar[str]  # identity prefix: "telegram", "tel", "whatsapp", "webchat"…
    carries_group: ClassVar[bool] = False
    secret_fields: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def verify(self, channel: Channel, request: HttpRequest) -> None:
        """Raise WebhookRejected(status=403) unless the request comes from the platform."""

    @abstractmethod
    def event_id(self, channel: Channel, body: bytes, request: HttpRequest) -> str:
        """The platform's id for this delivery, used to store it once."""

    @abstractmethod
    def parse(self, channel: Channel, body: str) -> list[InboundEvent]:
        """Turn a stored raw body into neutral events; unknown shapes give IGNORED."""

    @abstractmethod
    def send(self, channel: Channel, outbound: OutboundMessage) -> SendResult:
        """Deliver one outbound message, or raise SendError."""

    def rate_limits(self, channel: Channel, outbound: OutboundMessage) -> list[RateLimit]:
        """The platform limits a send counts against; the sender waits until all allow it."""
        return []

    # Moderation actions this platform supports (see PlatformAction.Action).
    supported_actions: ClassVar[frozenset[str]] = frozenset()

    def perform(self, channel: Channel, action: str, params: dict) -> dict:
        """Carry out one moderation action on the platform, or raise SendError.

        Called only for actions in `supported_actions`; returns what the platform said.
        """
        raise SendError(f"{self.name} cannot {action}", permanent=True)

    def group_recipient(self, channel: Channel) -> str:
        """Where a reply in the service's group thread goes on this channel."""
        return channel.config.get("group_chat_id", "")

    @staticmethod
    def load_json(body: bytes | str) -> dict:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected(f"body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise WebhookRejected("body must be a JSON object")
        return data
