"""The pipeline alone, for tests that pin its boundary: an organization, a service and a
channel of any type, real-format deliveries and the platforms' signatures — built from
orgs, channels and common only, so a test using just this cannot lean on the domain
(members, conversations, communities…) without saying so in its imports.

    service = pipeline_service()
    channel = pipeline_channel(service, "whatsapp")
    response = webhook_post(client, channel, delivery(channel, n=1, text="Bonjour"))
"""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from twilio.request_validator import RequestValidator

from passerelle.channels.services import channel_create
from passerelle.channels.types import meta, native
from passerelle.channels.types.webchat.type import TOKEN_HEADER, visitor_token
from passerelle.orgs.models import Organization, Service

TYPES_DIR = Path(__file__).resolve().parent.parent / "channels" / "types"
# The accounts the fixtures are written for (see each type's fixtures/SOURCES.md).
TELEGRAM_TOKEN = "7100000001:AAFakeTokenForPasserelleTests0000000"
TELEGRAM_BOT_ID = "7100000001"
TELEGRAM_GROUP = "-1002233445566"
GRAPH_TOKEN = "EAAFakeGraphAccessToken"
APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"
WA_NUMBER_ID = "109876543210987"
WA_USER = "16135550142"
PAGE_ID = "104857392018475"
PSID = "7245019836104527"
TWILIO_NUMBER = "+16135550100"
TWILIO_ACCOUNT_SID = "AC0d3b5e8f1a2c4d6e7f8091a2b3c4d5e6"
TWILIO_AUTH_TOKEN = "twilio-auth-token-for-tests"
WEBHOOK_SECRET = "telegram-webhook-secret-for-tests"

_seq = itertools.count(1)


def fixture(type_slug: str, name: str) -> dict:
    """A copy of one real-format payload (or Twilio form) from a type's fixtures/ folder."""
    path = TYPES_DIR / type_slug / "fixtures" / f"{name}.json"
    return copy.deepcopy(json.loads(path.read_text()))


def fixture_names(type_slug: str) -> list[str]:
    """Every payload fixture of a type, by name."""
    return sorted(p.stem for p in (TYPES_DIR / type_slug / "fixtures").glob("*.json"))


def fixture_body(type_slug: str, name: str) -> str:
    """A fixture as the platform's body: a JSON document, or an encoded Twilio form."""
    data = fixture(type_slug, name)
    return urlencode(data) if type_slug == "sms_twilio" else json.dumps(data, ensure_ascii=False)


def pipeline_service(slug: str | None = None) -> Service:
    """An organization and one service of it, with nothing of the domain around them."""
    n = next(_seq)
    org = Organization.objects.create(name=f"Pipeline agency {n}", slug=f"pipeline-agency-{n}")
    service = Service(
        org=org,
        slug=slug or f"pipeline-{n}",
        name=f"Pipeline service {n}",
        languages=["ar", "fr", "en"],
        timezone="America/Toronto",
    )
    service.full_clean()
    service.save()
    return service


def pipeline_channel(service: Service, type_slug: str, **config):
    """A channel of any registered type, set up as connecting it would leave it, for the
    accounts the fixtures are written for; `config` adds or overrides (api_base_url…)."""
    secrets, base = {}, {}
    if type_slug == "telegram":
        secrets = {"token": TELEGRAM_TOKEN, "webhook_secret": WEBHOOK_SECRET}
        base = {"bot_id": TELEGRAM_BOT_ID, "group_chat_id": TELEGRAM_GROUP}
    elif type_slug == "whatsapp":
        secrets = {"access_token": GRAPH_TOKEN, "app_secret": APP_SECRET}
        base = {"phone_number_id": WA_NUMBER_ID}
    elif type_slug == "messenger":
        secrets = {"page_access_token": GRAPH_TOKEN, "app_secret": APP_SECRET}
        base = {"page_id": PAGE_ID}
    elif type_slug == "sms_twilio":
        secrets = {"auth_token": TWILIO_AUTH_TOKEN}
        base = {"account_sid": TWILIO_ACCOUNT_SID, "from_number": TWILIO_NUMBER}
    if type_slug in ("whatsapp", "messenger"):
        secrets["verify_token"] = VERIFY_TOKEN
    return channel_create(
        service=service,
        type_slug=type_slug,
        name=type_slug,
        secrets=secrets,
        config={**base, **config},
    )


@dataclass
class Delivery:
    """One webhook call as the platform makes it: a JSON document or a Twilio form."""

    document: dict | None = None
    form: dict = field(default_factory=dict)

    @property
    def body(self) -> bytes:
        if self.document is not None:
            return json.dumps(self.document, ensure_ascii=False).encode()
        return urlencode(self.form).encode()

    @property
    def content_type(self) -> str:
        if self.document is not None:
            return "application/json"
        return "application/x-www-form-urlencoded"


def delivery(channel, *, n: int, text: str = "Bonjour, une question") -> Delivery:
    """A member's text message on `channel`, its platform ids made from `n` (one n, one
    delivery: the same n twice is the platform retrying)."""
    slug = channel.type
    if slug == "telegram":
        doc = fixture("telegram", "private_text")
        doc["update_id"] = 800_000_000 + n
        doc["message"]["message_id"] = n
        doc["message"]["text"] = text
        return Delivery(document=doc)
    if slug == "whatsapp":
        doc = fixture("whatsapp", "text")
        message = doc["entry"][0]["changes"][0]["value"]["messages"][0]
        message["id"], message["text"]["body"] = f"wamid.pipeline{n}", text
        return Delivery(document=doc)
    if slug == "messenger":
        doc = fixture("messenger", "text")
        message = doc["entry"][0]["messaging"][0]["message"]
        message["mid"], message["text"] = f"m_pipeline{n}", text
        return Delivery(document=doc)
    if slug == "sms_twilio":
        form = fixture("sms_twilio", "inbound_sms")
        sid = f"SM{n:032x}"
        form.update(MessageSid=sid, SmsSid=sid, SmsMessageSid=sid, Body=text)
        return Delivery(form=form)
    sender = "visitor-1"
    event_id = f"wc-{sender}-{n}" if slug == "webchat" else f"pipeline-{n}"
    return Delivery(
        document={
            "event_id": event_id,
            "type": "message",
            "chat": "private",
            "text": text,
            "media": "text",
            "message_id": event_id,
            "timestamp": 1760450000,
            "sender": {"id": sender, "name": "Amira", "language": "ar"},
        }
    )


def webhook_path(channel) -> str:
    return f"/webhooks/{channel.uuid}/"


def signature_headers(channel, delivery: Delivery, *, forged: bool = False) -> dict:
    """The headers the platform adds to prove a delivery is its own; `forged` signs with
    a secret that is not the channel's, as anyone but the platform would."""
    slug = channel.type

    def secret(name: str) -> str:
        value = channel.secrets.get(name, "")
        return "not-" + value if forged else value

    if slug == "telegram":
        return {"X-Telegram-Bot-Api-Secret-Token": secret("webhook_secret")}
    if slug in ("whatsapp", "messenger"):
        return {meta.SIGNATURE_HEADER: meta.sign(secret("app_secret"), delivery.body)}
    if slug == "sms_twilio":
        url = settings.PUBLIC_URL + webhook_path(channel)
        validator = RequestValidator(secret("auth_token"))
        return {"X-Twilio-Signature": validator.compute_signature(url, delivery.form)}
    if slug == "webchat":
        token = visitor_token(secret("signing_secret"), str(delivery.document["sender"]["id"]))
        return {TOKEN_HEADER: token}
    return {"X-Passerelle-Signature": native.sign(secret("signing_secret"), delivery.body)}


def webhook_post(client, channel, delivery: Delivery, *, forged: bool = False, body=None):
    """POST a delivery to the channel's webhook, signed as its platform signs (or forged);
    `body` replaces the encoded delivery (still signed as the delivery is)."""
    return client.post(
        webhook_path(channel),
        data=delivery.body if body is None else body,
        content_type=delivery.content_type,
        headers=signature_headers(channel, delivery, forged=forged),
    )


def parse_table_tests(type_slug: str, table: dict):
    """The two tests of a type's fixture table (courier's style: fixture → neutral events),
    for its test module to bind: every fixture has a row, and parses to exactly it."""
    import pytest

    @pytest.fixture
    def channel(db):
        return pipeline_channel(pipeline_service(), type_slug)

    def test_every_fixture_has_its_row():
        assert sorted(table) == fixture_names(type_slug)

    @pytest.mark.parametrize("name", sorted(table))
    def test_fixture_parses_to_its_events(channel, name):
        assert channel.channel_type.parse(channel, fixture_body(type_slug, name)) == table[name]

    return channel, test_every_fixture_has_its_row, test_fixture_parses_to_its_events
