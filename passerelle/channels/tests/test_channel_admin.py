"""Connecting channels: the generic `channel` command and the admins' page."""

import pytest
from django.core.management import CommandError, call_command

from passerelle.channels.models import Channel
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff
from passerelle.testing.fakeplatforms import fixtures
from passerelle.testing.fakeplatforms.fixtures import TELEGRAM_TOKEN

fake_telegram = fixtures.fake_telegram


@pytest.fixture
def admin_client(client, service):
    user, _role = make_staff(service, Role.ADMIN)
    login_verified(client, user)  # administrators work with two-factor
    return client


def test_command_connects_telegram_and_prints_the_webhook_url(service, fake_telegram, capsys):
    call_command(
        "channel",
        "add",
        "telegram",
        "--service",
        service.slug,
        "--token",
        TELEGRAM_TOKEN,
        "--api-base-url",
        fake_telegram.url,
        "--name",
        "Bot Ottawa",
    )
    out = capsys.readouterr().out
    channel = Channel.objects.get(type="telegram")
    assert channel.name == "Bot Ottawa" and channel.secrets["token"] == TELEGRAM_TOKEN
    assert channel.config["api_base_url"] == fake_telegram.url and "token" not in channel.config
    assert f"webhook URL: {channel.webhook_url}" in out and "Privacy mode" in out
    assert TELEGRAM_TOKEN not in out
    assert fake_telegram.webhook["url"] == channel.webhook_url
    call_command("channel", "list")
    assert str(channel.uuid) in capsys.readouterr().out


def test_command_refuses_a_missing_or_bad_token(service):
    with pytest.raises(CommandError, match="Bot token"):
        call_command("channel", "add", "telegram", "--service", service.slug)
    with pytest.raises(CommandError, match="not a bot token"):
        call_command("channel", "add", "telegram", "--service", service.slug, "--token", "x")
    assert not Channel.objects.exists()


def test_command_still_adds_native_channels_and_deactivates(service, capsys):
    call_command("channel", "add", "simulator", "--service", service.slug)
    channel = Channel.objects.get()
    assert channel.secrets["signing_secret"]
    call_command("channel", "deactivate", str(channel.uuid))
    channel.refresh_from_db()
    assert not channel.is_active


def test_each_type_gets_its_own_options():
    from passerelle.channels.management.commands.channel import Command

    parser = Command().create_parser("passerelle", "channel")
    telegram = parser.parse_args(
        ["add", "telegram", "--service", "s", "--token", "t", "--group-chat-id", "-100"]
    )
    assert telegram.field_token == "t" and telegram.field_group_chat_id == "-100"
    with pytest.raises(CommandError):
        parser.parse_args(["add", "simulator", "--service", "s", "--token", "t"])


def test_page_is_for_admins_only(client, service, moderator_client):
    assert moderator_client.get(f"/s/{service.slug}/channels/").status_code == 404
    assert client.get(f"/s/{service.slug}/channels/").status_code in (302, 404)


def test_admin_sees_channels_with_webhook_urls_and_the_nav_link(admin_client, service, sim_channel):
    page = admin_client.get(f"/s/{service.slug}/channels/").content.decode()
    assert sim_channel.webhook_url in page and "Telegram" in page
    assert f'href="/s/{service.slug}/channels/"' in page


def test_connect_form_has_a_password_field_never_shown_back(admin_client, service):
    page = admin_client.get(f"/s/{service.slug}/channels/connect/telegram/").content.decode()
    assert 'type="password"' in page and 'name="token"' in page
    response = admin_client.post(
        f"/s/{service.slug}/channels/connect/telegram/", {"token": "not-a-token"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "not a bot token" in html and "not-a-token" not in html
    assert not Channel.objects.exists()


def test_admin_connects_telegram_then_deactivates_it(admin_client, service, fake_telegram):
    response = admin_client.post(
        f"/s/{service.slug}/channels/connect/telegram/",
        {"name": "Groupe", "token": TELEGRAM_TOKEN, "api_base_url": fake_telegram.url},
    )
    assert response.status_code == 302
    channel = Channel.objects.get()
    assert channel.is_active and fake_telegram.webhook["url"] == channel.webhook_url
    page = admin_client.get(f"/s/{service.slug}/channels/").content.decode()
    assert TELEGRAM_TOKEN not in page and channel.secrets["webhook_secret"] not in page
    url = f"/s/{service.slug}/channels/{channel.pk}/deactivate/"
    asked = admin_client.post(url)  # a confirmation step first, working without JavaScript
    assert asked.status_code == 200 and "stops receiving and sending" in asked.content.decode()
    channel.refresh_from_db()
    assert channel.is_active
    response = admin_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    channel.refresh_from_db()
    assert not channel.is_active and fake_telegram.calls("deleteWebhook")


def test_deactivating_another_services_channel_is_404(admin_client, sim_channel):
    from passerelle.testing.factories import make_channel, make_service

    other = make_channel(make_service(), "simulator")
    url = f"/s/{sim_channel.service.slug}/channels/{other.pk}/deactivate/"
    assert admin_client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_command_connecting_a_web_chat_makes_its_push_keys(service, capsys):
    call_command("channel", "add", "webchat", "--service", service.slug)
    channel = Channel.objects.get(type="webchat")
    assert channel.config["vapid_public_key"] and channel.secrets["vapid_private_key"]


def test_an_admin_turns_message_text_in_notifications_on_and_off(admin_client, service):
    from passerelle.testing.factories import make_channel

    chat = make_channel(service, "webchat")
    page = admin_client.get(f"/s/{service.slug}/channels/").content.decode()
    assert "Show message text in notifications" in page
    url = f"/s/{service.slug}/channels/{chat.pk}/push-text/"
    assert admin_client.post(url, {"shown": "1"}).status_code == 302
    chat.refresh_from_db()
    assert chat.config["push_shows_text"] is True
    admin_client.post(url, {})
    chat.refresh_from_db()
    assert chat.config["push_shows_text"] is False


def test_a_moderator_cannot_change_the_notifications(client, service):
    from passerelle.testing.factories import make_channel

    chat = make_channel(service, "webchat")
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    answer = client.post(f"/s/{service.slug}/channels/{chat.pk}/push-text/", {"shown": "1"})
    assert answer.status_code in (403, 404)
    chat.refresh_from_db()
    assert "push_shows_text" not in chat.config
