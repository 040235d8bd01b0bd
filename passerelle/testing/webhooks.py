"""A channel of every registered type, and deliveries authenticated the way its platform
authenticates them: the tests that hold every type's webhook to the same rules (clear 4xx,
never a 500) read this one table.

Channels are created directly (no platform is called): the webhook view and the worker
never talk to the platform, and every API base URL points at a closed loopback port so
nothing could reach a real one anyway.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from twilio.request_validator import RequestValidator

from passerelle.channels.services import channel_create
from passerelle.channels.types import meta, native
from passerelle.channels.types.base import WebhookRejected
from passerelle.channels.types.sms_twilio.type import form_of
from passerelle.channels.types.webchat.type import TOKEN_HEADER, visitor_token
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN
from passerelle.testing.platforms import (
    APP_SECRET,
    PAGE_ID,
    TWILIO_NUMBER,
    WA_NUMBER_ID,
    fixture,
    webhook_path,
)

NOWHERE = "http://127.0.0.1:9"  # nothing listens on the discard port
TELEGRAM_SECRET = "telegram-webhook-secret-for-tests"
TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "twilio-auth-token-for-tests"
VISITOR = "f00dfeed"


@dataclass(frozen=True)
class Platform:
    """How one channel type's platform delivers: who it is, what it signs, what it sends."""

    slug: str
    content_type: str
    auth_header: str  # the header carrying the signature or secret
    make: Callable  # (service) -> Channel
    auth: Callable  # (channel, body: bytes) -> headers proving the platform sent it
    sample: Callable  # () -> a real-format delivery (JSON object, or form fields)
    freshen: Callable  # (document, n) -> the document with event ids of its own

    def encode(self, document) -> bytes:
        if self.content_type == "application/json":
            return json.dumps(document).encode()
        return urlencode(document, doseq=True).encode()

    def post(self, client, channel, body: bytes, headers: dict | None = None, **kwargs):
        """POST a body as the platform would; `headers` replaces the authentic ones."""
        sent = self.auth(channel, body) if headers is None else headers
        return client.post(
            webhook_path(channel),
            data=body,
            content_type=kwargs.get("content_type", self.content_type),
            headers=sent,
        )


def _ids(document, parents: tuple[str, ...], keys: tuple[str, ...], suffix: str, parent=None):
    """The document with `-<suffix>` added to the string `keys` of objects found under one
    of `parents` (directly, or as items of a list there)."""
    if isinstance(document, dict):
        return {
            k: f"{v}-{suffix}"
            if parent in parents and k in keys and isinstance(v, str)
            else _ids(v, parents, keys, suffix, parent=k)
            for k, v in document.items()
        }
    if isinstance(document, list):
        return [_ids(v, parents, keys, suffix, parent=parent) for v in document]
    return document


def _native_sample() -> dict:
    return {
        "event_id": "sim-1",
        "message_id": "sim-1",
        "type": "message",
        "chat": "group",
        "text": "كيف أسجل أولادي في المدرسة؟",
        "sender": {"id": "telegram-aa11", "name": "أحمد", "language": "ar"},
    }


def _native_fresh(document, n):
    document = dict(document) if isinstance(document, dict) else {"value": document}
    document["event_id"] = f"sim-{n}-{uuid.uuid4().hex[:8]}"
    return document


def _webchat_sample() -> dict:
    return {**_native_sample(), "event_id": f"wc-{VISITOR}-1", "sender": {"id": VISITOR}}


def _webchat_fresh(document, n):
    document = dict(document) if isinstance(document, dict) else {"value": document}
    sender = document.get("sender") if isinstance(document.get("sender"), dict) else {}
    document["sender"] = {**sender, "id": VISITOR}
    document["event_id"] = f"wc-{VISITOR}-{n}-{uuid.uuid4().hex[:8]}"
    return document


def _telegram_fresh(document, n):
    document = dict(document) if isinstance(document, dict) else {"value": document}
    document["update_id"] = n
    return document


def _meta_fresh(document, n):
    # Messages and statuses are stored once by their ids: make them new ones (and leave
    # the page and number ids alone, which say whose delivery it is).
    parents = ("messages", "statuses", "message", "postback")
    return _ids(document, parents, ("id", "mid"), f"{n}{uuid.uuid4().hex[:6]}")


def _twilio_fresh(document, n):
    document = dict(document) if isinstance(document, dict) else {}
    document["MessageSid"] = f"SM{uuid.uuid4().hex}"
    return document


def _twilio_auth(channel, body: bytes) -> dict:
    try:
        form = form_of(body)
    except WebhookRejected:
        return {"X-Twilio-Signature": "unsignable"}
    url = settings.PUBLIC_URL + webhook_path(channel)
    return {"X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, form)}


def _make(type_slug, secrets, config=None):
    def make(service):
        return channel_create(
            service=service,
            type_slug=type_slug,
            name=type_slug,
            secrets=secrets,
            config={"api_base_url": NOWHERE, **(config or {})},
        )

    return make


PLATFORMS = {
    "simulator": Platform(
        slug="simulator",
        content_type="application/json",
        auth_header="X-Passerelle-Signature",
        make=_make("simulator", {}),
        auth=lambda ch, body: {
            "X-Passerelle-Signature": native.sign(ch.secrets["signing_secret"], body)
        },
        sample=_native_sample,
        freshen=_native_fresh,
    ),
    "webchat": Platform(
        slug="webchat",
        content_type="application/json",
        auth_header=TOKEN_HEADER,
        make=_make("webchat", {}),
        auth=lambda ch, body: {TOKEN_HEADER: visitor_token(ch.secrets["signing_secret"], VISITOR)},
        sample=_webchat_sample,
        freshen=_webchat_fresh,
    ),
    "telegram": Platform(
        slug="telegram",
        content_type="application/json",
        auth_header="X-Telegram-Bot-Api-Secret-Token",
        make=_make(
            "telegram",
            {"token": TELEGRAM_TOKEN, "webhook_secret": TELEGRAM_SECRET},
            {"bot_id": TELEGRAM_TOKEN.split(":")[0], "group_chat_id": "-1002233445566"},
        ),
        auth=lambda ch, body: {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        sample=lambda: fixture("telegram", "private_text"),
        freshen=_telegram_fresh,
    ),
    "whatsapp": Platform(
        slug="whatsapp",
        content_type="application/json",
        auth_header=meta.SIGNATURE_HEADER,
        make=_make(
            "whatsapp",
            {"access_token": "wa-token", "app_secret": APP_SECRET, "verify_token": "v"},
            {"phone_number_id": WA_NUMBER_ID},
        ),
        auth=lambda ch, body: {meta.SIGNATURE_HEADER: meta.sign(APP_SECRET, body)},
        sample=lambda: fixture("whatsapp", "text"),
        freshen=_meta_fresh,
    ),
    "messenger": Platform(
        slug="messenger",
        content_type="application/json",
        auth_header=meta.SIGNATURE_HEADER,
        make=_make(
            "messenger",
            {"page_access_token": "fb-token", "app_secret": APP_SECRET, "verify_token": "v"},
            {"page_id": PAGE_ID},
        ),
        auth=lambda ch, body: {meta.SIGNATURE_HEADER: meta.sign(APP_SECRET, body)},
        sample=lambda: fixture("messenger", "text"),
        freshen=_meta_fresh,
    ),
    "sms_twilio": Platform(
        slug="sms_twilio",
        content_type="application/x-www-form-urlencoded",
        auth_header="X-Twilio-Signature",
        make=_make(
            "sms_twilio",
            {"auth_token": TWILIO_TOKEN},
            {"account_sid": TWILIO_SID, "from_number": TWILIO_NUMBER},
        ),
        auth=_twilio_auth,
        sample=lambda: fixture("sms_twilio", "inbound_sms"),
        freshen=_twilio_fresh,
    ),
}
