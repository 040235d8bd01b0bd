"""The fakes driven by the real client libraries: python-telegram-bot for
Telegram, twilio.rest.Client for Twilio, httpx for the Graph API."""

import asyncio
import datetime as dt

import httpx
import pytest
import telegram
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from passerelle.testing.fakeplatforms import (
    FakeGraph,
    FakeTelegram,
    FakeTwilio,
    fixtures,
)
from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN, TELEGRAM_TOKEN

# Module-level, not in a conftest.py, so the suite also runs with --noconftest.
fake_telegram = fixtures.fake_telegram
fake_graph = fixtures.fake_graph
fake_twilio = fixtures.fake_twilio

# PTB 22 warns that RetryAfter.retry_after will become a timedelta; seconds() copes.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GROUP = -1002233445566
AMIRA = 6120000142


def ptb(fake: FakeTelegram) -> telegram.Bot:
    return telegram.Bot(
        token=TELEGRAM_TOKEN, base_url=f"{fake.url}/bot", base_file_url=f"{fake.url}/file/bot"
    )


def run(coro):
    return asyncio.run(coro)


def seconds(value) -> float:
    # PTB returns int or timedelta depending on PTB_TIMEDELTA; compare either.
    return value.total_seconds() if isinstance(value, dt.timedelta) else value


# -- Telegram ------------------------------------------------------------------


def test_telegram_with_python_telegram_bot(fake_telegram):
    async def scenario():
        async with ptb(fake_telegram) as bot:  # initialize() calls getMe
            assert bot.bot.id == 7100000001 and bot.bot.is_bot
            first = await bot.send_message(chat_id=GROUP, text="مرحبا بكم")
            second = await bot.send_message(
                chat_id=GROUP,
                text="Bienvenue",
                reply_markup=telegram.InlineKeyboardMarkup(
                    [[telegram.InlineKeyboardButton("FR", callback_data="lang:fr")]]
                ),
                reply_parameters=telegram.ReplyParameters(message_id=first.message_id),
            )
            assert await bot.delete_message(chat_id=GROUP, message_id=first.message_id)
            assert await bot.approve_chat_join_request(chat_id=GROUP, user_id=AMIRA)
            assert await bot.decline_chat_join_request(chat_id=GROUP, user_id=AMIRA)
            assert await bot.ban_chat_member(chat_id=GROUP, user_id=AMIRA)
            assert await bot.unban_chat_member(chat_id=GROUP, user_id=AMIRA)
            assert await bot.restrict_chat_member(
                GROUP, AMIRA, telegram.ChatPermissions(can_send_messages=False)
            )
            chat = await bot.get_chat(AMIRA)
            return first, second, chat

    first, second, chat = run(scenario())
    assert (first.message_id, second.message_id) == (1001, 1002)
    assert first.chat.type == "supergroup" and first.from_user.id == 7100000001
    assert first.text == "مرحبا بكم"
    assert second.reply_to_message.message_id == 1001
    assert second.reply_markup.inline_keyboard[0][0].callback_data == "lang:fr"
    assert chat.type == "private" and chat.id == AMIRA

    sent = fake_telegram.calls("sendMessage")
    # PTB 22 sends urlencoded forms with JSON-encoded values; the fake decodes them.
    assert sent[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent[0].params["chat_id"] == GROUP and sent[0].params["text"] == "مرحبا بكم"
    assert sent[1].params["reply_markup"]["inline_keyboard"][0][0]["text"] == "FR"
    ban = fake_telegram.calls("banChatMember")[0]
    assert ban.params == {"chat_id": GROUP, "user_id": AMIRA}
    assert fake_telegram.calls("getMe") and fake_telegram.calls("restrictChatMember")


def test_telegram_scripted_errors(fake_telegram):
    fake_telegram.script("rate_limit", match="sendMessage")
    fake_telegram.script("blocked", match="sendMessage")
    fake_telegram.script("migrated", match="sendMessage", migrate_to_chat_id=-1009)

    async def scenario():
        bot = ptb(fake_telegram)
        with pytest.raises(RetryAfter) as retry:
            await bot.send_message(chat_id=AMIRA, text="a")
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(chat_id=AMIRA, text="b")
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(chat_id=-42, text="c")
        assert await bot.get_me()  # scripted answers only hit sendMessage
        ok = await bot.send_message(chat_id=AMIRA, text="d")  # script used up
        await bot.shutdown()
        return retry.value, migrated.value, ok

    retry, migrated, ok = run(scenario())
    assert seconds(retry.retry_after) == 3
    assert migrated.new_chat_id == -1009
    assert ok.text == "d"
    assert [r.status for r in fake_telegram.calls("sendMessage")] == [429, 403, 400, 200]


def test_telegram_token_and_validation(fake_telegram):
    async def scenario():
        wrong = telegram.Bot(token="999:WRONG", base_url=f"{fake_telegram.url}/bot")
        with pytest.raises(telegram.error.InvalidToken):
            await wrong.get_me()
        with pytest.raises(BadRequest, match="(?i)message text is empty"):
            await ptb(fake_telegram).send_message(chat_id=AMIRA, text=" ")
        fake_telegram.block(AMIRA)
        with pytest.raises(Forbidden):
            await ptb(fake_telegram).send_message(chat_id=AMIRA, text="x")

    run(scenario())


def test_telegram_media_webhook_and_files(fake_telegram):
    voice_bytes = b"OggS\x00\x02\r\n\x00binary\xff"

    async def scenario():
        async with ptb(fake_telegram) as bot:
            assert await bot.set_webhook(
                "https://passerelle.example/hooks/tg", secret_token="s3cret", max_connections=10
            )
            info = await bot.get_webhook_info()
            voice = await bot.send_voice(chat_id=AMIRA, voice=voice_bytes, caption="note")
            photo = await bot.send_photo(chat_id=AMIRA, photo="AgACAgEAAyEF-known-id")
            doc = await bot.send_document(chat_id=AMIRA, document=b"%PDF-1.4", filename="guide.pdf")
            file = await bot.get_file(voice.voice.file_id)
            downloaded = await file.download_as_bytearray()
            assert await bot.delete_webhook()
            return info, voice, photo, doc, downloaded

    info, voice, photo, doc, downloaded = run(scenario())
    assert info.url == "https://passerelle.example/hooks/tg" and info.max_connections == 10
    assert fake_telegram.webhook == {}
    assert voice.voice.file_size == len(voice_bytes) and voice.caption == "note"
    assert photo.photo[-1].file_id == "AgACAgEAAyEF-known-id"
    assert doc.document.file_name == "guide.pdf"
    assert bytes(downloaded) == voice_bytes
    upload = fake_telegram.calls("sendVoice")[0]
    assert upload.headers["content-type"].startswith("multipart/form-data")
    assert upload.files["voice"].data == voice_bytes and upload.params["chat_id"] == AMIRA


def test_telegram_rate_limit_counting():
    with FakeTelegram(rate_limits="count", per_second=5, per_group_per_minute=3) as fake:

        async def scenario():
            bot = ptb(fake)
            for _ in range(3):  # same private chat: 1/s
                await bot.send_message(chat_id=AMIRA, text="x")
            for chat in range(1, 4):  # 6 sends within the second: global 5/s
                await bot.send_message(chat_id=chat, text="y")
            await bot.shutdown()

        run(scenario())
        assert fake.violations() == {"per_chat": 2, "global": 1}
        assert all(r.status == 200 for r in fake.requests)  # count mode never refuses
        fake.reset()
        assert fake.violations() == {} and len(fake.requests) == 0

    with FakeTelegram(
        rate_limits="strict", per_chat_per_second=100, per_group_per_minute=3
    ) as fake:

        async def group_burst():
            bot = ptb(fake)
            for _ in range(3):
                await bot.send_message(chat_id=GROUP, text="z")
            with pytest.raises(RetryAfter) as exc:
                await bot.send_message(chat_id=GROUP, text="z")
            await bot.shutdown()
            return exc.value

        refused = run(group_burst())
        assert 1 <= seconds(refused.retry_after) <= 60
        assert fake.violations() == {"per_group": 1}


# -- Graph: WhatsApp Cloud API and Messenger -------------------------------------


def graph_client(fake):
    return httpx.Client(
        base_url=fake.url, headers={"Authorization": f"Bearer {GRAPH_TOKEN}"}, timeout=5
    )


def wa_text(to="+1 613 555 0142", body="Bonjour"):
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"body": body},
    }


def test_graph_whatsapp_and_messenger(fake_graph):
    with graph_client(fake_graph) as client:
        sent = client.post("/v21.0/109876543210987/messages", json=wa_text()).json()
        read = client.post(
            "/v21.0/109876543210987/messages",
            json={"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.X"},
        )
        fb = client.post(
            "/v21.0/me/messages",
            json={"recipient": {"id": "7245019836104527"}, "message": {"text": "Salut"}},
        )
        denied = httpx.post(f"{fake_graph.url}/v21.0/1/messages", json=wa_text())
    assert sent["messaging_product"] == "whatsapp"
    assert sent["contacts"] == [{"input": "+1 613 555 0142", "wa_id": "16135550142"}]
    assert sent["messages"][0]["id"].startswith("wamid.")
    assert read.json() == {"success": True}
    assert fb.json()["recipient_id"] == "7245019836104527"
    assert fb.json()["message_id"].startswith("m_")
    assert denied.status_code == 401 and denied.json()["error"]["code"] == 190
    assert len(fake_graph.whatsapp_sends()) == 3 and len(fake_graph.messenger_sends()) == 1


def test_graph_media_roundtrip(fake_graph):
    with graph_client(fake_graph) as client:
        media_id = client.post(
            "/v21.0/109876543210987/media",
            data={"messaging_product": "whatsapp", "type": "audio/ogg"},
            files={"file": ("note.ogg", b"OggS-voice", "audio/ogg")},
        ).json()["id"]
        meta = client.get(f"/v21.0/{media_id}").json()
        data = client.get(meta["url"]).content
        deleted = client.delete(f"/v21.0/{media_id}").json()
    assert meta["mime_type"] == "audio/ogg" and meta["file_size"] == len(b"OggS-voice")
    assert data == b"OggS-voice" and deleted == {"success": True}


@pytest.mark.parametrize(
    ("preset", "kwargs", "status", "code"),
    [
        ("rate_limit", {}, 400, 130429),
        ("pair_rate_limit", {}, 400, 131056),
        ("pair_rate_limit", {"status": 429}, 429, 131056),
        ("reengagement", {}, 400, 131047),
        ("undeliverable", {}, 400, 131026),
        ("server_error", {}, 500, 131000),
        ("messenger_unavailable", {}, 400, 551),
    ],
)
def test_graph_scripted_errors(fake_graph, preset, kwargs, status, code):
    fake_graph.script(preset, match="/messages", **kwargs)
    with graph_client(fake_graph) as client:
        failed = client.post("/v21.0/109876543210987/messages", json=wa_text())
        ok = client.post("/v21.0/109876543210987/messages", json=wa_text())
    error = failed.json()["error"]
    assert failed.status_code == status and error["code"] == code
    assert {"message", "type", "code", "fbtrace_id"} <= set(error)
    assert ok.status_code == 200


def test_graph_rate_limits():
    with FakeGraph(rate_limits="count", throughput=3) as fake, httpx.Client() as client:
        url = f"{fake.url}/v21.0/109876543210987/messages"
        for to in ["+16135550142", "+16135550142", "+16135550157", "+16135550163"]:
            assert client.post(url, json=wa_text(to)).status_code == 200
        assert fake.violations() == {"pair": 1, "throughput": 1}

    with FakeGraph(rate_limits="strict") as fake, httpx.Client() as client:
        url = f"{fake.url}/v21.0/109876543210987/messages"
        assert client.post(url, json=wa_text()).status_code == 200
        refused = client.post(url, json=wa_text())
        other_user = client.post(url, json=wa_text("+16135550157"))
        assert refused.status_code == 400 and refused.json()["error"]["code"] == 131056
        assert other_user.status_code == 200
        assert fake.violations() == {"pair": 1}


# -- Twilio --------------------------------------------------------------------


def test_twilio_with_real_client(fake_twilio):
    client = fake_twilio.client()
    message = client.messages.create(
        to="+16135550142",
        from_="+16135550100",
        body="مرحبا! موعدك غدا الساعة 10 صباحا في مركز الخدمات. Répondez STOP pour arrêter.",
        status_callback="https://passerelle.example/hooks/twilio/status",
    )
    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert message.status == "queued" and message.direction == "outbound-api"
    assert message.num_segments == "2" and message.price_unit == "USD"
    assert message.account_sid == fake_twilio.account_sid
    assert client.messages(message.sid).fetch().body == message.body
    form = fake_twilio.requests[0].form
    assert form["To"] == "+16135550142" and form["StatusCallback"].endswith("/status")
    callback = fake_twilio.callback_form(message.sid, "undelivered", error_code=30003)
    assert callback["MessageStatus"] == "undelivered" and callback["ErrorCode"] == "30003"

    service = client.messages.create(
        to="+16135550157", messaging_service_sid="MG" + "1" * 32, body="Hello"
    )
    assert (service.status, service.from_, service.num_segments) == ("accepted", None, "0")


def test_twilio_base_url_override_and_auth(fake_twilio):
    client = Client(fake_twilio.account_sid, fake_twilio.auth_token)
    client.api.base_url = fake_twilio.url
    assert client.messages.create(to="+16135550142", from_="+16135550100", body="Hi").sid

    bad = Client(fake_twilio.account_sid, "wrong-token")
    bad.api.base_url = fake_twilio.url
    with pytest.raises(TwilioRestException) as exc:
        bad.messages.create(to="+16135550142", from_="+16135550100", body="Hi")
    assert (exc.value.status, exc.value.code) == (401, 20003)


@pytest.mark.parametrize(
    ("preset", "status", "code"),
    [
        ("rate_limit", 429, 20429),
        ("server_error", 500, 20500),
        ("unsubscribed", 400, 21610),
        ("invalid_to", 400, 21211),
    ],
)
def test_twilio_scripted_errors(fake_twilio, preset, status, code):
    fake_twilio.script(preset, match="Messages.json")
    client = fake_twilio.client()
    with pytest.raises(TwilioRestException) as exc:
        client.messages.create(to="+16135550142", from_="+16135550100", body="Hi")
    assert (exc.value.status, exc.value.code) == (status, code)
    assert client.messages.create(to="+16135550142", from_="+16135550100", body="Hi").sid


def test_twilio_validation(fake_twilio):
    client = fake_twilio.client()
    with pytest.raises(TwilioRestException) as exc:
        client.messages.create(to="613-555-0142", from_="+16135550100", body="Hi")
    assert exc.value.code == 21211


def test_twilio_rate_limits():
    with FakeTwilio(rate_limits="count", segments_per_second=1) as fake:
        client = fake.client()
        for _ in range(2):
            client.messages.create(to="+16135550142", from_="+16135550100", body="x")
        client.messages.create(to="+16135550142", from_="+16135550199", body="x")
        assert fake.violations() == {"segments": 1}

    with FakeTwilio(rate_limits="strict", segments_per_second=1) as fake:
        client = fake.client()
        client.messages.create(to="+16135550142", from_="+16135550100", body="x")
        with pytest.raises(TwilioRestException) as exc:
            client.messages.create(to="+16135550142", from_="+16135550100", body="x")
        assert (exc.value.status, exc.value.code) == (429, 20429)


def test_a_window_counts_in_the_order_requests_are_handled():
    """Two requests timed 5.00 and 5.01 whose threads take the lock in the other order:
    the one handled second is counted at 5.01, never in a window longer than a period."""
    from passerelle.testing.fakeplatforms.base import SlidingWindow

    window = SlidingWindow(2, 1.0)
    window.add("bot", 4.005)  # in the window of 5.00, not of 5.01
    assert not window.would_exceed("bot", 5.01)
    window.add("bot", 5.01)
    # Counted at 5.00 it would see 4.005 and the later 5.01: 3 in "one" window.
    assert not window.would_exceed("bot", 5.00)
    window.add("bot", 5.00)
    assert window.would_exceed("bot", 5.02)  # 5.01 and 5.01: the window is full
    assert window.retry_after("bot", 5.02) == pytest.approx(0.99)
