"""The bot token never reaches the channel log or the log output, whatever happens."""

import logging

import pytest

from passerelle.channels.actions import platform_action_queue
from passerelle.channels.models import ChannelLog, OutboundMessage
from passerelle.channels.redaction import RedactTokens
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

from .conftest import AMIRA, TELEGRAM_TOKEN, update

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def test_token_and_webhook_secret_never_logged(
    caplog, connect, fake_telegram, client, settings, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    channel = connect(group_chat_id="-1002233445566")
    secret = channel.secrets["webhook_secret"]
    role = make_staff(channel.service, Role.MODERATOR)[1]
    from .conftest import post_update

    with django_capture_on_commit_callbacks(execute=True):
        post_update(client, channel, update("private_text"))
        post_update(client, channel, update("group_text"), secret="wrong")
    group = Thread.objects.get(kind="group")
    for preset in ("rate_limit", "server_error", "blocked", None):
        if preset:
            fake_telegram.script(preset, match="sendMessage")
        # The earlier reply's retry comes due: it goes first (order per chat) and meets
        # this preset, so every kind of failure is still one logged call.
        OutboundMessage.objects.filter(state="queued").update(next_attempt_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            message_reply(role=role, thread=group, text=f"after {preset}")
    fake_telegram.script("kicked", match="banChatMember")
    with django_capture_on_commit_callbacks(execute=True):
        platform_action_queue(
            channel=channel, action="ban", params={"user": str(AMIRA)}, dedupe_key="ban-1"
        )
    # The network fails too (nothing listens on port 9 of this machine).
    channel.config["api_base_url"] = "http://127.0.0.1:9"
    channel.save()
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=role, thread=Thread.objects.get(kind="private"), text="down")

    entries = list(ChannelLog.objects.filter(channel=channel))
    # connect, sends, ban, failure (after "blocked" the chat is stopped: no call for "None")
    assert len(entries) >= 7 and any(e.error for e in entries)
    for entry in entries:
        text = " ".join([entry.url, entry.request, entry.response, entry.error])
        assert TELEGRAM_TOKEN not in text and secret not in text
    assert caplog.records and TELEGRAM_TOKEN not in caplog.text and secret not in caplog.text
    assert TELEGRAM_TOKEN.split(":")[1] not in caplog.text


def test_the_log_handler_blanks_tokens_that_slip_through():
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactTokens) for f in h.filters)
    ]
    assert handlers, "settings.LOGGING's console handler lost its redaction filter"
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        'HTTP Request: POST %s "HTTP/1.1 200 OK"',
        (f"https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendMessage",),
        None,
    )
    assert handlers[0].filter(record)
    line = handlers[0].format(record)
    assert TELEGRAM_TOKEN not in line and "/bot[redacted]/sendMessage" in line
    for name in ("httpx", "telegram"):  # the libraries that print URLs stay quiet
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def _every_form(token: str) -> list[str]:
    import base64
    from urllib.parse import quote

    encoded = quote(token, safe="")
    return [
        token,
        token.split(":")[1],
        encoded,
        encoded.replace("%3A", "%3a"),
        base64.b64encode(f"bot:{token}".encode()).decode(),
    ]


def test_a_member_file_download_logs_neither_the_token_nor_the_file(
    deliver, fake_telegram, moderator_client, caplog
):
    caplog.set_level(logging.DEBUG)
    data = update("document")
    file_id = data["message"]["document"]["file_id"]
    deliver(data)
    secret_words = b"%PDF-1.7 passport number AB123456, address 12 Rideau St"
    fake_telegram.add_file(file_id, secret_words, "documents/file_7.pdf")
    message = Message.objects.get()
    response = moderator_client.get(f"/s/{message.service.slug}/messages/{message.pk}/media/")
    assert response.status_code == 200 and response.content == secret_words

    download = ChannelLog.objects.get(action="getFile", url__contains="/file/")
    assert "%3A" not in download.url and "/file/bot[redacted]/documents/file_7.pdf" in download.url
    assert download.response == f"[member file: {len(secret_words)} bytes, unknown type]"
    for entry in ChannelLog.objects.all():
        text = " ".join([entry.url, entry.request, entry.response, entry.error])
        assert "passport" not in text
        for form in _every_form(TELEGRAM_TOKEN):
            assert form not in text, (form, entry.action)
    for form in _every_form(TELEGRAM_TOKEN):
        assert form not in caplog.text
