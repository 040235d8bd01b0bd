"""Connecting a bot, and real Telegram deliveries through the one webhook endpoint."""

import pytest

from passerelle.channels.models import Channel, ChannelLog, RawEvent
from passerelle.channels.types.base import ConnectError
from passerelle.conversations.models import Message
from passerelle.members.models import Identity

from .conftest import AMIRA, GROUP, LUC, TELEGRAM_TOKEN, post_update, update


def test_connect_checks_the_token_and_registers_the_webhook(connect, fake_telegram):
    channel = connect()
    assert fake_telegram.calls("getMe") and fake_telegram.calls("setWebhook")
    hook = fake_telegram.webhook
    assert hook["url"] == channel.webhook_url
    assert hook["secret_token"] == channel.secrets["webhook_secret"]
    assert len(hook["secret_token"]) >= 32
    assert set(hook["allowed_updates"]) >= {"message", "edited_message", "chat_join_request"}
    assert channel.config["bot_id"] == "7100000001"
    assert channel.config["reads_all_group_messages"] is False  # privacy mode on: told
    assert any("Privacy mode" in str(n) for n in channel.channel_type.admin_notices(channel))
    # The secrets are encrypted in the database, not stored as written.
    stored = Channel.objects.filter(pk=channel.pk).values_list("secrets", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select secrets from channels_channel where id = %s", [channel.pk])
        raw = cursor.fetchone()[0]
    assert TELEGRAM_TOKEN not in raw and channel.secrets["webhook_secret"] not in raw
    assert stored  # and the ORM reads them back decrypted
    assert Channel.objects.get(pk=channel.pk).secrets["token"] == TELEGRAM_TOKEN


def test_refused_token_keeps_nothing(connect, fake_telegram):
    fake_telegram.token = "1:other"
    with pytest.raises(ConnectError, match="refused"):
        connect()
    assert not Channel.objects.exists()


def test_not_a_token_and_plain_http_are_refused(service, settings):
    from passerelle.channels.services import channel_connect

    with pytest.raises(ConnectError, match="not a bot token"):
        channel_connect(service=service, type_slug="telegram", values={"token": "hello"})
    settings.PUBLIC_URL = "http://passerelle.example.org"
    with pytest.raises(ConnectError, match="https"):
        channel_connect(service=service, type_slug="telegram", values={"token": TELEGRAM_TOKEN})
    assert not Channel.objects.exists()


def test_group_message_creates_member_and_message(deliver, tg):
    response = deliver("group_text")
    assert response.status_code == 200
    identity = Identity.objects.get(platform="telegram", address=str(AMIRA))
    assert identity.member.display_name == "أميرة حداد" and identity.member.language == "ar"
    message = Message.objects.get()
    assert message.thread.kind == "group" and message.channel == tg
    assert message.platform_message_id == f"{GROUP}:4521" and message.language == "ar"


@pytest.mark.parametrize("secret", ["", "wrong-secret-0000000000000000000000"])
def test_bad_secret_token_is_refused_and_stores_nothing(client, tg, secret):
    response = post_update(client, tg, update("group_text"), secret=secret)
    assert response.status_code == 403
    assert not RawEvent.objects.exists() and not Message.objects.exists()


def test_same_update_twice_stores_one_message(deliver):
    assert deliver("private_text").content == b"ok"
    assert deliver("private_text").content == b"duplicate"
    assert RawEvent.objects.count() == 1 and Message.objects.count() == 1
    assert Message.objects.get().thread.kind == "private"


def test_edit_updates_the_text_and_keeps_the_earlier_one(deliver, moderator_client, tg):
    deliver("group_text")
    original = Message.objects.get().text
    deliver("edited_message")
    message = Message.objects.get()  # still one message
    assert message.text.endswith("(للمبتدئين)")
    assert message.extra["edits"][0]["text"] == original
    assert message.extra["edit_date"] == 1760450095
    page = moderator_client.get(f"/s/{tg.service.slug}/inbox/?thread={message.thread_id}")
    assert "Edited" in page.content.decode()
    older = update("edited_message")  # an older edit arriving late changes nothing
    older["update_id"] += 100
    older["edited_message"].update(edit_date=1760450050, text="ancienne version")
    deliver(older)
    assert Message.objects.get().text == message.text


def test_media_messages(deliver):
    for name in ("voice", "photo", "document"):
        deliver(name)
    kinds = dict(Message.objects.values_list("platform_message_id", "media_kind"))
    assert kinds == {f"{GROUP}:4522": "voice", f"{GROUP}:4523": "photo", f"{LUC}:89": "document"}


def test_bot_promoted_in_a_group_links_it(client, connect, django_capture_on_commit_callbacks):
    channel = connect()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_update(client, channel, update("my_chat_member")).status_code == 200
    channel.refresh_from_db()
    assert channel.config["group_chat_id"] == str(GROUP)
    assert channel.config["group_title"].startswith("Nouveaux arrivants")
    assert channel.channel_type.group_recipient(channel) == str(GROUP)
    # Someone adding the bot to their own group does not take the service's group.
    other = update("my_chat_member")
    other["update_id"] += 1
    other["my_chat_member"]["chat"]["id"] = -100777
    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, channel, other)
    channel.refresh_from_db()
    assert channel.config["group_chat_id"] == str(GROUP)


def test_join_request_and_leave_reach_the_community(deliver):
    from passerelle.communities.models import Membership

    assert deliver("chat_join_request").status_code == 200
    member = Identity.objects.get(address=str(AMIRA)).member
    assert Membership.objects.filter(member=member).exists()
    deliver("left_chat_member")
    assert Identity.objects.filter(address=str(LUC)).exists()


def test_connect_calls_are_logged_without_the_token(connect):
    channel = connect()
    logs = list(ChannelLog.objects.filter(channel=channel))
    assert [entry.action for entry in logs] == ["getMe", "setWebhook"]
    for entry in logs:
        text = " ".join([entry.url, entry.request, entry.response, entry.error])
        assert TELEGRAM_TOKEN not in text and channel.secrets["webhook_secret"] not in text
        assert "[redacted]" in entry.url and entry.status_code == 200
