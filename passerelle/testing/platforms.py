"""Connecting channels in tests, and posting webhooks signed as each platform signs.

Bodies come from each type's fixtures/ (real payload shapes); signatures are computed
the way the platforms compute them (HMAC-SHA256 of the body with the app secret for
Meta, twilio's own RequestValidator over the public URL for Twilio).
"""

import copy
import json
from urllib.parse import urlencode

from django.conf import settings
from twilio.request_validator import RequestValidator

from passerelle.channels.services import channel_create
from passerelle.channels.types.meta import sign

# The accounts the fixtures are written for, and the fixture loader, live with the
# domain-free pipeline helpers; imported here for the tests that use this module.
from passerelle.testing.pipeline import (  # noqa: F401
    APP_SECRET,
    PAGE_ID,
    PSID,
    TWILIO_NUMBER,
    TYPES_DIR,
    VERIFY_TOKEN,
    WA_NUMBER_ID,
    WA_USER,
    fixture,
    webhook_path,
)

TELEGRAM_FIXTURES = TYPES_DIR / "telegram" / "fixtures"
TELEGRAM_GROUP = -1002233445566  # the group of the Telegram fixtures
AMIRA, LUC = 6120000142, 6120000157  # two members of the Telegram fixtures


def make_whatsapp(service, fake_graph, **config):
    from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN

    return channel_create(
        service=service,
        type_slug="whatsapp",
        name="WhatsApp Calgary",
        secrets={
            "access_token": GRAPH_TOKEN,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
        },
        config={"phone_number_id": WA_NUMBER_ID, "api_base_url": fake_graph.url, **config},
    )


def make_messenger(service, fake_graph, **config):
    from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN

    return channel_create(
        service=service,
        type_slug="messenger",
        name="Page",
        secrets={
            "page_access_token": GRAPH_TOKEN,
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
        },
        config={"page_id": PAGE_ID, "api_base_url": fake_graph.url, **config},
    )


def make_sms(service, fake_twilio, **config):
    return channel_create(
        service=service,
        type_slug="sms_twilio",
        name="SMS",
        secrets={"auth_token": fake_twilio.auth_token},
        config={
            "account_sid": fake_twilio.account_sid,
            "from_number": TWILIO_NUMBER,
            "api_base_url": fake_twilio.url,
            **config,
        },
    )


def post_meta(client, channel, payload, *, signature=None, secret=APP_SECRET):
    """POST a Meta webhook body (dict or bytes) signed with the app secret."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(
        webhook_path(channel),
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(secret, body) if signature is None else signature},
    )


def twilio_signature(channel, form: dict, token: str, path: str | None = None) -> str:
    url = settings.PUBLIC_URL + (path or webhook_path(channel))
    return RequestValidator(token).compute_signature(url, form)


def post_twilio(client, channel, form: dict, *, token=None, signature=None):
    """POST a Twilio form, signed over PASSERELLE_PUBLIC_URL + path as Twilio does."""
    token = token or channel.secrets["auth_token"]
    signature = twilio_signature(channel, form, token) if signature is None else signature
    return client.post(
        webhook_path(channel),
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature},
    )


def update(name: str) -> dict:
    """A copy of one real-format Telegram Update from the telegram type's fixtures/."""
    return copy.deepcopy(json.loads((TELEGRAM_FIXTURES / f"{name}.json").read_text()))


def post_update(client, channel, data, *, secret=None):
    """POST a Telegram Update with the channel's webhook secret (or `secret`)."""
    body = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    headers = {}
    secret = channel.secrets["webhook_secret"] if secret is None else secret
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return client.post(
        f"/webhooks/{channel.uuid}/", data=body, content_type="application/json", headers=headers
    )
