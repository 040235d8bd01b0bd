"""The API server of every platform type is the operator's choice: `--api-base-url` on the
command line and "API base URL" on the connect page, checked (https, or http on this
machine only), stored in channel.config and used for every call to the platform."""

import json
import re
import time

import pytest
from django.core.management import CommandError, call_command

from passerelle.channels.models import Channel, OutboundMessage
from passerelle.channels.types.api_base import api_base_url_clean
from passerelle.channels.types.base import ConnectError
from passerelle.channels.types.registry import all_types
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff
from passerelle.testing.fakeplatforms import Reply
from passerelle.testing.fakeplatforms.fixtures import (  # noqa: F401
    GRAPH_TOKEN,
    TELEGRAM_TOKEN,
    fake_graph,
    fake_telegram,
    fake_twilio,
)
from passerelle.testing.platforms import (
    APP_SECRET,
    PAGE_ID,
    TWILIO_NUMBER,
    WA_NUMBER_ID,
    fixture,
    post_meta,
    post_twilio,
    webhook_path,
)

PLATFORM_TYPES = ["telegram", "whatsapp", "messenger", "sms_twilio"]
FAKES = {
    "telegram": "fake_telegram",
    "whatsapp": "fake_graph",
    "messenger": "fake_graph",
    "sms_twilio": "fake_twilio",
}


def _values(type_slug, fake) -> dict:
    """The required connect values of a type, for its fake platform."""
    return {
        "telegram": {"token": TELEGRAM_TOKEN},
        "whatsapp": {
            "phone_number_id": WA_NUMBER_ID,
            "access_token": GRAPH_TOKEN,
            "app_secret": APP_SECRET,
        },
        "messenger": {"page_access_token": GRAPH_TOKEN, "app_secret": APP_SECRET},
        "sms_twilio": {
            "account_sid": getattr(fake, "account_sid", ""),
            "auth_token": getattr(fake, "auth_token", ""),
            "from_number": TWILIO_NUMBER,
        },
    }[type_slug]


def _answer_connect(type_slug, fake) -> None:
    # What the platform answers to the checks `connect` makes (FakeTelegram models getMe
    # and setWebhook itself).
    if type_slug == "whatsapp":
        fake.script(
            Reply(
                200, {"id": WA_NUMBER_ID, "verified_name": "Centre", "display_phone_number": "1"}
            ),
            match=f"/{WA_NUMBER_ID}",
        )
    elif type_slug == "messenger":
        fake.script(Reply(200, {"id": PAGE_ID, "name": "Centre d'accueil"}), match="/me")
        fake.script(Reply(200, {"success": True}), match="/subscribed_apps")
    elif type_slug == "sms_twilio":
        fake.script(Reply(200, {"messages": []}), match=lambda r: r.method == "GET")


def _cli_args(values: dict) -> list[str]:
    args = []
    for name, value in values.items():
        args += ["--" + name.replace("_", "-"), value]
    return args


@pytest.fixture
def fake(request):
    return lambda type_slug: request.getfixturevalue(FAKES[type_slug])


@pytest.fixture
def admin_client(client, service):
    user, _role = make_staff(service, Role.ADMIN)
    login_verified(client, user)  # administrators sign in with two factors
    return client


def test_every_type_that_calls_a_platform_has_the_one_shared_field():
    fields = {
        t.slug: [f for f in t.connect_fields if f.name == "api_base_url"] for t in all_types()
    }
    assert sorted(slug for slug, found in fields.items() if found) == sorted(PLATFORM_TYPES)
    for slug in PLATFORM_TYPES:
        (field,) = fields[slug]
        assert not field.secret and not field.required
        assert field.check is api_base_url_clean and str(field.label) == "API base URL"


@pytest.mark.parametrize(
    "given, stored",
    [
        ("https://graph.example.org", "https://graph.example.org"),
        ("https://api.example.org:8443/proxy/", "https://api.example.org:8443/proxy"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
        ("http://127.8.9.10:8081/", "http://127.8.9.10:8081"),
        ("http://[::1]:9000", "http://[::1]:9000"),
        ("http://localhost:8081", "http://localhost:8081"),
        ("HTTP://LocalHost:8081", "http://localhost:8081"),
    ],
)
def test_accepted_addresses(given, stored):
    assert api_base_url_clean(given) == stored


@pytest.mark.parametrize(
    "given, says",
    [
        ("http://example.org", "Use https://"),
        ("http://10.0.0.5:8081", "Use https://"),
        ("http://128.0.0.1", "Use https://"),
        ("http://localhost.example.org", "Use https://"),
        ("ftp://example.org", "not an address"),
        ("example.org", "not an address"),
        ("https://", "not an address"),
        ("https://example.org:99999", "not an address"),
        ("https://bot:secret@example.org", "user name and password"),
        ("https://example.org/?x=1", "no ?query"),
        ("https://exa mple.org", "not a host name"),
    ],
)
def test_refused_addresses_say_why(given, says):
    with pytest.raises(ConnectError, match="^API base URL: .*" + re.escape(says)):
        api_base_url_clean(given)


@pytest.mark.parametrize("type_slug", PLATFORM_TYPES)
def test_command_line_sets_it_and_the_channel_page_shows_it(
    type_slug, service, fake, admin_client, capsys
):
    platform = fake(type_slug)
    _answer_connect(type_slug, platform)
    call_command(
        "channel",
        "add",
        type_slug,
        "--service",
        service.slug,
        *_cli_args(_values(type_slug, platform)),
        "--api-base-url",
        platform.url + "/",
    )
    channel = Channel.objects.get(type=type_slug)
    assert channel.config["api_base_url"] == platform.url  # stored without the slash
    assert "api_base_url" not in channel.secrets
    # The connect checks went to the server given, not to the platform's own.
    assert len(platform.requests) >= 1
    page = admin_client.get(f"/s/{service.slug}/channels/").content.decode()
    assert f'API server: <code dir="ltr">{platform.url}</code>' in page


@pytest.mark.parametrize("type_slug", PLATFORM_TYPES)
def test_connect_form_sets_it(type_slug, service, fake, admin_client):
    platform = fake(type_slug)
    _answer_connect(type_slug, platform)
    url = f"/s/{service.slug}/channels/connect/{type_slug}/"
    assert 'name="api_base_url"' in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {**_values(type_slug, platform), "api_base_url": platform.url, "name": "Centre"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    channel = Channel.objects.get(type=type_slug)
    assert channel.config["api_base_url"] == platform.url and channel.name == "Centre"


@pytest.mark.parametrize("type_slug", PLATFORM_TYPES)
def test_plain_http_elsewhere_is_refused_with_a_clear_message(
    type_slug, service, fake, admin_client
):
    platform = fake(type_slug)
    values = _values(type_slug, platform)
    with pytest.raises(CommandError, match="http://example.org is refused.*Use https://"):
        call_command(
            "channel",
            "add",
            type_slug,
            "--service",
            service.slug,
            *_cli_args(values),
            "--api-base-url",
            "http://example.org",
        )
    response = admin_client.post(
        f"/s/{service.slug}/channels/connect/{type_slug}/",
        {**values, "api_base_url": "http://example.org"},
    )
    assert response.status_code == 422
    assert "http://example.org is refused" in response.content.decode()
    assert not Channel.objects.exists()
    assert len(platform.requests) == 0  # refused before anything was sent anywhere


def _deliver_inbound(client, channel):
    """One member message, through the real webhook, as the platform signs it."""
    slug = channel.type
    if slug == "telegram":
        body = json.dumps(fixture("telegram", "private_text")).encode()
        return client.post(
            webhook_path(channel),
            data=body,
            content_type="application/json",
            headers={"X-Telegram-Bot-Api-Secret-Token": channel.secrets["webhook_secret"]},
        )
    if slug == "whatsapp":
        payload = fixture(slug, "text")
        # Written now: the fixture's own date is long past, and with it the 24-hour window.
        payload["entry"][0]["changes"][0]["value"]["messages"][0]["timestamp"] = str(
            int(time.time())
        )
        return post_meta(client, channel, payload)
    if slug == "messenger":
        payload = fixture(slug, "text")
        payload["entry"][0]["messaging"][0]["timestamp"] = int(time.time() * 1000)
        return post_meta(client, channel, payload)
    return post_twilio(client, channel, fixture("sms_twilio", "inbound_sms"))


SEND_PATHS = {
    "telegram": "/sendMessage",
    "whatsapp": f"/{WA_NUMBER_ID}/messages",
    "messenger": "/me/messages",
    "sms_twilio": "/Messages.json",
}


@pytest.mark.parametrize("type_slug", PLATFORM_TYPES)
def test_a_reply_goes_out_through_the_server_given(
    type_slug, service, fake, client, django_capture_on_commit_callbacks
):
    platform = fake(type_slug)
    _answer_connect(type_slug, platform)
    call_command(
        "channel",
        "add",
        type_slug,
        "--service",
        service.slug,
        *_cli_args(_values(type_slug, platform)),
        "--api-base-url",
        platform.url,
    )
    channel = Channel.objects.get(type=type_slug)
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver_inbound(client, channel).status_code == 200
    role = make_staff(service, Role.MODERATOR)[1]
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=Thread.objects.get(kind="private"), text="Oui, à 9 h.")
    row = OutboundMessage.objects.get(channel=channel)
    assert row.state == "sent", row.error
    (sent,) = platform.requests.matching(SEND_PATHS[type_slug], "POST")
    assert "Oui, à 9 h." in json.dumps(sent.params, ensure_ascii=False)
