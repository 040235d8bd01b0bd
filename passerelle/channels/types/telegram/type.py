"""Telegram: a bot in the service's group and in private chats, through the Bot API.

Connecting (`passerelle channel add telegram --token …` or the admin page) checks the
token with getMe and registers the webhook with a random `secret_token`; Telegram sends
it back in X-Telegram-Bot-Api-Secret-Token on every delivery, so the webhook refuses
anything else. The group is linked when the bot is made a member or admin of it
(my_chat_member), or given as --group-chat-id.

Sends use python-telegram-bot against channel.config["api_base_url"] (Telegram's server
by default; a self-hosted Bot API server or the tests' fake otherwise).
"""

from __future__ import annotations

import json
import logging
import re
import secrets as pysecrets
from datetime import datetime

import telegram
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from telegram.error import BadRequest, ChatMigrated, InvalidToken, TelegramError

from passerelle.channels.models import Channel
from passerelle.channels.outgoing_files import outgoing_file_for
from passerelle.channels.types.api_base import api_base_url_field
from passerelle.channels.types.base import (
    ChannelType,
    ConnectError,
    ConnectField,
    RateLimit,
    SendError,
    SendResult,
    WebhookRejected,
)
from passerelle.channels.types.telegram import client
from passerelle.channels.types.telegram.media import media_fetch as fetch_media
from passerelle.channels.types.telegram.parse import BOT_ADDED, parse_update
from passerelle.common.crypto import same_secret

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TOKEN_RE = re.compile(r"^\d{5,15}:[A-Za-z0-9_-]{30,64}$")
ALLOWED_UPDATES = ["message", "edited_message", "chat_join_request", "my_chat_member"]
CAPTION_LIMIT = 1024
SEND_MEDIA = {
    "photo": "send_photo",
    "voice": "send_voice",
    "audio": "send_audio",
    "document": "send_document",
}
MB = 1024 * 1024
# https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
PER_BOT, PER_CHAT, PER_GROUP_MINUTE = 30, 1, 20


def _chat_id(value: str) -> int | str:
    return int(value) if re.fullmatch(r"-?\d+", value or "") else value


def _split_id(platform_id: str) -> tuple[str, int] | None:
    chat, _sep, message = (platform_id or "").rpartition(":")
    return (chat, int(message)) if chat and message.isdigit() else None


def _until(params: dict) -> datetime | None:
    value = params.get("until")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class TelegramType(ChannelType):
    slug = "telegram"
    name = "Telegram"
    platform = "telegram"
    privacy_notice = {
        "en": (
            "Telegram: groups and bot chats are not end-to-end encrypted; Telegram can read them."
        ),
        "fr": (
            "Telegram : les groupes et les échanges avec un robot ne sont pas chiffrés de "
            "bout en bout; Telegram peut les lire."
        ),
        "ar": (
            "تيليغرام: المجموعات والمحادثات مع الروبوت غير مشفّرة من طرف إلى طرف؛ يمكن "
            "لتيليغرام قراءتها."
        ),
    }
    carries_group = True
    # Telegram retries an update under its own update_id (the event id), and one message
    # arrives in one update only: the stored raw event already keeps it once.
    redelivers_messages = False
    secret_fields = ("token", "webhook_secret")
    connect_fields = (
        ConnectField(
            "token",
            _("Bot token"),
            secret=True,
            help=_("From @BotFather: /newbot, or /token for an existing bot."),
        ),
        ConnectField(
            "group_chat_id",
            _("Group chat id"),
            required=False,
            help=_("Leave empty: the group is linked when you make the bot an admin of it."),
        ),
        api_base_url_field(client.DEFAULT_API),
    )
    supported_actions = frozenset(
        {"approve_join", "decline_join", "ban", "unban", "delete_message", "restrict", "unrestrict"}
    )

    # -- inbound -------------------------------------------------------------------------
    def verify(self, channel, request) -> None:
        expected = channel.secrets.get("webhook_secret", "")
        given = request.headers.get(SECRET_HEADER, "")
        if not expected or not given or not same_secret(expected, given):
            raise WebhookRejected("bad or missing X-Telegram-Bot-Api-Secret-Token", status=403)

    def event_id(self, channel, body, request) -> str:
        update_id = self.load_json(body).get("update_id")
        if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
            raise WebhookRejected("update_id must be a non-negative integer")
        return str(update_id)

    def parse(self, channel, body):
        return parse_update(
            self.load_json(body),
            bot_id=self.bot_id(channel),
            group_chat_id=str(channel.config.get("group_chat_id") or ""),
        )

    def inbound_handle(self, channel, event) -> bool:
        if event.kind != BOT_ADDED:
            return False
        self._link_group(channel, event)
        return True

    def _link_group(self, channel, event) -> None:
        chat_id = event.extra["chat_id"]
        with transaction.atomic():
            locked = Channel.objects.select_for_update().get(pk=channel.pk)
            linked = str(locked.config.get("group_chat_id") or "")
            if linked and linked != chat_id:
                # Anyone can add a bot to their own group: that must not take the service's.
                log.warning(
                    "telegram channel %s: bot added to chat %s but the service's group is %s",
                    channel.pk,
                    chat_id,
                    linked,
                )
                return
            config = {
                **locked.config,
                "group_chat_id": chat_id,
                "group_title": event.extra.get("title", ""),
                "bot_status": event.extra.get("status", ""),
                "bot_rights": event.extra.get("rights", {}),
            }
            Channel.objects.filter(pk=channel.pk).update(config=config)
            channel.config = config
        log.info("telegram channel %s linked to group %s", channel.pk, chat_id)

    # -- connecting ----------------------------------------------------------------------
    def bot_id(self, channel) -> str:
        return str(channel.config.get("bot_id") or channel.secrets.get("token", "").split(":")[0])

    def connect(self, channel) -> None:
        token = (channel.secrets.get("token") or "").strip()
        if not TOKEN_RE.match(token):
            raise ConnectError(
                _("This is not a bot token: @BotFather gives one like 123456789:AAE…")
            )
        url = channel.webhook_url
        if client.api_base(channel) == client.DEFAULT_API and not url.startswith("https://"):
            raise ConnectError(
                _(
                    "Telegram only calls https:// webhooks: set PASSERELLE_PUBLIC_URL to the "
                    "https address of this server (now %(url)s)."
                )
                % {"url": url}
            )
        channel.secrets = {
            **channel.secrets,
            "token": token,
            "webhook_secret": channel.secrets.get("webhook_secret") or pysecrets.token_urlsafe(32),
        }
        channel.save(update_fields=["secrets"])
        try:
            me = client.call(channel, "getMe", lambda bot: bot.get_me())
            client.call(
                channel,
                "setWebhook",
                lambda bot: bot.set_webhook(
                    url=url,
                    secret_token=channel.secrets["webhook_secret"],
                    allowed_updates=ALLOWED_UPDATES,
                    max_connections=40,
                ),
            )
        except InvalidToken as exc:
            raise ConnectError(_("Telegram refused this bot token.")) from exc
        except TelegramError as exc:
            raise ConnectError(
                _("Telegram said: %(error)s") % {"error": client.send_error(exc, channel)}
            ) from exc
        channel.config = {
            **channel.config,
            "bot_id": str(me.id),
            "bot_username": me.username or "",
            # False means privacy mode is on: in groups the bot only sees commands.
            "reads_all_group_messages": bool(me.can_read_all_group_messages),
        }
        channel.save(update_fields=["config"])

    def disconnect(self, channel) -> None:
        try:
            client.call(channel, "deleteWebhook", lambda bot: bot.delete_webhook())
        except TelegramError as exc:
            log.warning("telegram channel %s: deleteWebhook failed: %s", channel.pk, exc)

    def admin_notices(self, channel) -> list[str]:
        notices = []
        if channel.config.get("reads_all_group_messages") is False:
            notices.append(
                _(
                    "Privacy mode is on: in the group the bot only sees commands. In "
                    "@BotFather: /setprivacy → Disable, then remove and re-add the bot."
                )
            )
        if not channel.config.get("group_chat_id"):
            notices.append(_("No group linked yet: make the bot an admin of the group."))
        return notices

    # -- outbound ------------------------------------------------------------------------
    # Files a bot uploads: photos up to 10 MB, anything else up to 50 MB; a voice note is
    # Ogg/Opus, an audio file MP3 or M4A (https://core.telegram.org/bots/api#sendvoice).
    media_limits = {
        "photo": (10 * MB, frozenset({"image/jpeg", "image/png", "image/webp"})),
        "voice": (50 * MB, frozenset({"audio/ogg"})),
        "audio": (50 * MB, frozenset({"audio/mpeg", "audio/mp4"})),
        "document": (50 * MB, None),
    }

    def rate_limits(self, channel, request) -> list[RateLimit]:
        bot, chat = self.bot_id(channel), request.recipient
        cost = 2 if self._media(request) and len(request.text) > CAPTION_LIMIT else 1
        limits = [
            RateLimit(f"telegram:{bot}", PER_BOT, 1.0, cost=cost),
            RateLimit(f"telegram:{bot}:chat:{chat}", PER_CHAT, 1.0, cost=cost),
        ]
        if str(chat).startswith("-"):
            limits.append(RateLimit(f"telegram:{bot}:group:{chat}", PER_GROUP_MINUTE, 60.0, cost))
        return limits

    @staticmethod
    def _media(request) -> dict | None:
        media = request.media
        if isinstance(media, dict) and media.get("kind") in SEND_MEDIA:
            if media.get("file_id") or media.get("url") or media.get("file"):
                return media
        return None

    def _payload(self, channel, media) -> tuple[str, object]:
        """The Bot API method and what it sends: a staff file's bytes, or a file_id / URL."""
        if not media.get("file"):
            return SEND_MEDIA[media["kind"]], media.get("file_id") or media["url"]
        stored = outgoing_file_for(channel.org_id, media)
        if stored is None:
            raise SendError("the attached file is no longer stored", permanent=True)
        kind = self.media_send_kind(media) or "document"
        upload = telegram.InputFile(bytes(stored.data), filename=stored.file_name or "file")
        return SEND_MEDIA[kind], upload

    @staticmethod
    def _reply_parameters(request, chat) -> telegram.ReplyParameters | None:
        parts = _split_id(request.reply_to_platform_id)
        if parts is None or parts[0] != str(chat):
            return None
        return telegram.ReplyParameters(message_id=parts[1], allow_sending_without_reply=True)

    def media_fetch(self, channel, media):
        return fetch_media(channel, media)

    def send(self, channel, request) -> SendResult:
        chat = _chat_id(request.recipient)
        text = request.text
        reply = self._reply_parameters(request, chat)
        media = self._media(request)
        try:
            sent = self._deliver(channel, chat, text, reply, media)
        except ChatMigrated as exc:
            # The group became a supergroup: follow it, and send there this once.
            new_chat = exc.new_chat_id
            self._follow_migration(channel, str(chat), str(new_chat))
            try:
                sent = self._deliver(channel, new_chat, text, None, media)
            except TelegramError as again:
                raise client.send_error(again, channel) from again
        except TelegramError as exc:
            raise client.send_error(exc, channel) from exc
        return SendResult(platform_message_id=f"{sent.chat.id}:{sent.message_id}")

    def _deliver(self, channel, chat, text, reply, media) -> telegram.Message:
        if media is None:
            return client.call(
                channel,
                "sendMessage",
                lambda bot: bot.send_message(chat_id=chat, text=text, reply_parameters=reply),
            )
        method, payload = self._payload(channel, media)
        caption = (text or None) if len(text) <= CAPTION_LIMIT else None
        sent = client.call(
            channel,
            method,
            lambda bot: getattr(bot, method)(
                chat,
                payload,
                caption=caption,
                reply_parameters=reply,
            ),
        )
        if caption is None and text:
            sent = client.call(
                channel,
                "sendMessage",
                lambda bot: bot.send_message(
                    chat_id=chat,
                    text=text,
                    reply_parameters=telegram.ReplyParameters(message_id=sent.message_id),
                ),
            )
        return sent

    def _follow_migration(self, channel, old: str, new: str) -> None:
        with transaction.atomic():
            locked = Channel.objects.select_for_update().get(pk=channel.pk)
            if str(locked.config.get("group_chat_id")) == old:
                config = {**locked.config, "group_chat_id": new}
                Channel.objects.filter(pk=channel.pk).update(config=config)
                channel.config = config
        log.warning("telegram channel %s: group %s is now supergroup %s", channel.pk, old, new)

    def result_from_log(self, channel, log_entry) -> SendResult:
        try:
            result = json.loads(log_entry.response).get("result") or {}
            return SendResult(f"{result['chat']['id']}:{result['message_id']}")
        except (ValueError, KeyError, TypeError, AttributeError):
            return SendResult()

    # -- moderation ----------------------------------------------------------------------
    def perform(self, channel, action, params) -> dict:
        chat = _chat_id(str(params.get("chat_id") or channel.config.get("group_chat_id") or ""))
        if chat == "":
            raise SendError("no Telegram group is linked to this channel", permanent=True)
        if action == "delete_message":
            return self._delete(channel, chat, str(params.get("message_id") or ""))
        user = _chat_id(str(params.get("user") or ""))
        if not isinstance(user, int):
            raise SendError(f"{action}: no Telegram user id", permanent=True)
        until = _until(params)
        calls = {
            "approve_join": lambda bot: bot.approve_chat_join_request(chat, user),
            "decline_join": lambda bot: bot.decline_chat_join_request(chat, user),
            "ban": lambda bot: bot.ban_chat_member(chat, user, until_date=until),
            "unban": lambda bot: bot.unban_chat_member(chat, user, only_if_banned=True),
            "restrict": lambda bot: bot.restrict_chat_member(
                chat, user, telegram.ChatPermissions.no_permissions(), until_date=until
            ),
            "unrestrict": lambda bot: bot.restrict_chat_member(
                chat, user, telegram.ChatPermissions.all_permissions()
            ),
        }
        if action not in calls:
            raise SendError(f"Telegram cannot {action}", permanent=True)
        try:
            if action == "ban" and params.get("leave"):
                # Leaving is a kick: out of the group now, free to come back later.
                client.call(channel, "banChatMember", lambda bot: bot.ban_chat_member(chat, user))
                client.call(channel, "unbanChatMember", calls["unban"])
            else:
                client.call(channel, action, calls[action])
        except TelegramError as exc:
            raise client.send_error(exc, channel) from exc
        return {"ok": True}

    def _delete(self, channel, chat, platform_id: str) -> dict:
        parts = _split_id(platform_id)
        chat, message_id = (parts[0], parts[1]) if parts else (chat, platform_id)
        if not str(message_id).isdigit():
            raise SendError("delete_message: no Telegram message id", permanent=True)
        try:
            client.call(
                channel,
                "deleteMessage",
                lambda bot: bot.delete_message(_chat_id(str(chat)), int(message_id)),
            )
        except BadRequest as exc:
            if "not found" in str(exc).lower():
                return {"ok": True, "already_gone": True}
            raise client.send_error(exc, channel) from exc
        except TelegramError as exc:
            raise client.send_error(exc, channel) from exc
        return {"ok": True}


TYPE = TelegramType()
