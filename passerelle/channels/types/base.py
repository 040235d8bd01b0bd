"""What every channel type provides, and the neutral shapes it speaks.

A channel type turns a platform's webhook into InboundEvents and delivers OutboundRequests
through the platform's API. These dataclasses are the two ports between the pipeline and
the domain: an adapter never sees a thread, a message or a member (docs/architecture.md).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.utils.translation import gettext as _

from passerelle.common.text import storable

if TYPE_CHECKING:
    from django.http import HttpRequest

    from passerelle.channels.models import Channel


# Deeper JSON than any platform sends (theirs stay under 10 levels). Deeper bodies are
# refused at the webhook: json.loads and the recursive walks after it would overflow
# Python's stack (a RecursionError, a 500) on a few kilobytes of brackets.
MAX_JSON_DEPTH = 64


def _clean(value):
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


class WebhookRejected(Exception):
    """The request is not from the platform (signature) or is not usable (format)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class SendError(Exception):
    """A failed send; `permanent` errors are never retried (blocked bot, invalid number).

    `maybe_sent` says the request was sent but no answer came (see the sender).
    `contact_stopped` says the person stopped this service on the platform (Telegram "bot
    was blocked", Twilio 21610, WhatsApp 131050): the pipeline records it on the address's
    ContactStatus, so nothing more is tried until they write again.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
        contact_stopped: bool = False,
        maybe_sent: bool = False,
    ):
        super().__init__(message)
        self.permanent = permanent or contact_stopped
        self.retry_after = retry_after
        self.contact_stopped = contact_stopped
        # The request left and no answer came back (a read timeout): the platform may have
        # delivered it. Retried once, after a longer wait, never in a loop.
        self.maybe_sent = maybe_sent


class ConnectError(Exception):
    """Connecting an account failed (bad token, platform unreachable): said to the admin."""


@dataclass(frozen=True)
class ConnectField:
    """One value an admin gives to connect an account on a platform.

    A channel type lists them in `connect_fields`; from that one list Passerelle builds the
    `passerelle channel add <type>` options (`--<name with dashes>`) and the admin page's
    connect form. Secret fields go to the encrypted `channel.secrets` (password inputs,
    never shown back, never logged); the others to `channel.config`.
    """

    name: str  # key in channel.secrets or channel.config, e.g. "token", "phone_number_id"
    label: str  # shown on the form (wrap in gettext_lazy)
    secret: bool = False
    required: bool = True
    help: str = ""
    # Cleans a given value (returns it normalised) or raises ConnectError saying why not;
    # called by channel_connect and the connect form, so the CLI and the page agree.
    check: Callable[[str], str] | None = None


@dataclass
class InboundEvent:
    """One thing that happened on the platform, in Passerelle's words."""

    # "message", "edited", "join_request", "joined", "left", "report", "status", "ignored",
    # or a platform keyword recognised by the adapter: "start", "opt_out", "opt_in", "help".
    kind: str
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

    def __post_init__(self):
        # Parsers pass platform text through as-is; PostgreSQL refuses NUL, and both
        # databases refuse a lone UTF-16 surrogate: this is the one place they are cleaned.
        for name, value in vars(self).items():
            if isinstance(value, str):
                setattr(self, name, storable(value))
        self.extra = _clean(self.extra)

    IGNORED: ClassVar[str] = "ignored"
    # A member changed a message already stored (`platform_message_id` names it, `text` is
    # the new text): routing updates the stored one instead of storing a second message.
    EDITED: ClassVar[str] = "edited"
    # A delivery report about one of our sends, applied to OutboundMessage rows by
    # channels.statuses (never dispatched to conversations). `platform_message_id` names
    # the send; `extra` has "status" (sent/delivered/read/failed) and "error", or, for
    # platforms reporting "everything up to a time" (Messenger), "watermark" (a datetime)
    # with `sender_address` as the recipient.
    STATUS: ClassVar[str] = "status"
    # What the platform itself recognised (Telegram's /start, Twilio's STOP/START/HELP):
    # neutral words the adapter gives, which routing maps to the domain's actions.
    START: ClassVar[str] = "start"
    OPT_OUT: ClassVar[str] = "opt_out"
    OPT_IN: ClassVar[str] = "opt_in"
    HELP: ClassVar[str] = "help"
    # Kinds that carry a text the member wrote (stored in their private thread).
    WRITTEN: ClassVar[frozenset[str]] = frozenset({"message", "start", "opt_out", "opt_in", "help"})


@dataclass(frozen=True)
class OutboundRequest:
    """One thing to deliver to one address, resolved when it was queued.

    The domain decides the text, the address and what it replies to; the adapter only
    speaks the platform's language.
    """

    text: str
    recipient: str
    # The platform's id of the message this one answers, on this channel ("" = none).
    reply_to_platform_id: str = ""
    # {"kind": "photo"|"voice"|…, "file_id"|"url": …}: a file to attach.
    media: dict | None = None
    # {"name", "language", "params"}: a pre-approved template (WhatsApp outside 24 h).
    template: dict | None = None
    # No person wrote it (welcome, reminders): platforms that tag automated sends use it.
    automated: bool = False


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
    # Whether the platform may deliver one message again in another body (WhatsApp's
    # batches), under another event id: the domain then checks it was not stored already.
    # A type whose every redelivery keeps its event id (the raw event's unique key) can
    # say False and spare each message that lookup.
    redelivers_messages: ClassVar[bool] = True
    secret_fields: ClassVar[tuple[str, ...]] = ()

    # What an admin gives to connect an account (see ConnectField), and a notice the
    # connect form shows above the fields (platform prerequisites, costs…).
    connect_fields: ClassVar[tuple[ConnectField, ...]] = ()
    connect_notice: ClassVar[str] = ""

    # One sentence for members, in each language, saying who can read a message on its
    # way on this platform ({"en": …, "fr": …, "ar": …}). The domain's privacy notice
    # quotes it; the notice itself is the domain's.
    privacy_notice: ClassVar[dict[str, str]] = {}

    def connect(self, channel: Channel) -> None:
        """Finish connecting a saved channel with the platform (check the token, register
        the webhook URL…); may store what it learns in channel.config / channel.secrets.

        Raise ConnectError with a message for the admin when it cannot be done; the
        channel is then not kept. Types whose platform needs nothing do nothing.
        """
        return None

    def disconnect(self, channel: Channel) -> None:
        """Tell the platform to stop calling (best effort: the webhook refuses an inactive
        channel anyway)."""
        return None

    def admin_notices(self, channel: Channel) -> list[str]:
        """Things the admin should fix on the platform side, shown with the channel."""
        return []

    def result_from_log(self, channel: Channel, log) -> SendResult:
        """What a send returned, read back from its ChannelLog entry: used when a worker
        died after the platform accepted a send but before the row was updated."""
        return SendResult()

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
    def send(self, channel: Channel, request: OutboundRequest) -> SendResult:
        """Deliver one request, or raise SendError."""

    def rate_limits(self, channel: Channel, request: OutboundRequest) -> list[RateLimit]:
        """The platform limits a send counts against; the sender waits until all allow it."""
        return []

    # What a staff file may be on this platform, per kind it is sent as: kind -> (largest
    # size in bytes, the content types taken, None = any). Empty: the platform carries no
    # files, and a reply with one is refused before anything is queued.
    media_limits: ClassVar[dict[str, tuple[int, frozenset[str] | None]]] = {}

    def media_send_kind(self, media: dict) -> str:
        """The kind a staff file goes out as here ("" = none): its own when the platform
        takes its type as that, else a sound file, else a document (a WebM voice note
        Telegram would not play as voice still arrives, as a file)."""
        kind, content_type = media.get("kind") or "", media.get("content_type") or ""
        fallbacks = ("audio", "document") if kind == "voice" else ("document",)
        for candidate in (kind, *fallbacks):
            if candidate in self.media_limits:
                types = self.media_limits[candidate][1]
                if types is None or content_type in types:
                    return candidate
        return ""

    def media_problem(self, channel: Channel, media: dict) -> str:
        """Why this platform cannot carry the staff file `media`, said for the sender."""
        kind = self.media_send_kind(media)
        if not kind:
            if not self.media_limits:
                return _("%(platform)s cannot carry files.") % {"platform": self.name}
            return _("%(platform)s does not take this type of file.") % {"platform": self.name}
        largest = self.media_limits[kind][0]
        if int(media.get("size") or 0) > largest:
            return _("This file is too large for %(platform)s: at most %(mb)s MB.") % {
                "platform": self.name,
                "mb": _megabytes(largest),
            }
        return ""

    def media_fetch(self, channel: Channel, media: dict) -> tuple[bytes, str]:
        """The bytes and content type of a member's file (voice note, photo, document).

        `media` is what the parser put in the message's extra (file_id, media_id…).
        Files stay on the platform until a moderator opens them.
        """
        raise SendError(f"{self.name} files cannot be fetched", permanent=True)

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

    def inbound_handle(self, channel: Channel, event: InboundEvent) -> bool:
        """The channel's own business, done before the domain's handler (Telegram links
        the group the bot was added to), inside the raw event's transaction; True when
        the event needs nothing more. Never a domain decision."""
        return False

    # The group lives in Passerelle and its page is public (the web chat): only members who
    # came in through the join path see it and post in it. (The simulator, a staff tool,
    # plays platforms whose group is joined on the platform itself.)
    gates_group: ClassVar[bool] = False

    # An address that opted out (SMS STOP) gets nothing until it opts in again: carrier
    # rules. Elsewhere leaving a service is the domain's business, not the platform's.
    honours_opt_out: ClassVar[bool] = False

    def reply_block_reason(self, channel: Channel, contact, now: datetime) -> str:
        """Why a free-form staff reply to this address cannot go out on this channel now,
        in words for the moderator ('' when it can): a closed 24-hour window, an opt-out.

        `contact` is the address's ContactStatus (never None: an unsaved one when the
        address never wrote). A staff reply is refused when every channel it would go to
        gives a reason; `send` must still refuse on its own (automatic messages do not ask).
        """
        return ""

    # Template included under the inbox reply box of threads this channel serves (an SMS
    # segment counter, a WhatsApp template picker), with `reply_tools_context` added.
    reply_tools_template: ClassVar[str] = ""

    def reply_tools_context(self, channel: Channel, contact, now: datetime) -> dict:
        """Extra context for `reply_tools_template`."""
        return {}

    @staticmethod
    def load_json(body: bytes | str) -> dict:
        """A webhook body as a JSON object, or WebhookRejected(400)."""
        try:
            data = json.loads(body)
        except RecursionError:
            raise WebhookRejected("body is nested too deeply") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected(f"body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise WebhookRejected("body must be a JSON object")
        if _nested_deeper_than(data, MAX_JSON_DEPTH):
            raise WebhookRejected("body is nested too deeply")
        return data


def _nested_deeper_than(data, limit: int) -> bool:
    # Iterative: the point is not to recurse on what an attacker nested.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f}" if mb >= 1 else f"{mb:.1f}"
