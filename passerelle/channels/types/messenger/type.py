"""Messenger: a Facebook Page's inbox, through the Messenger Platform webhooks and Send API.

Secrets: `page_access_token`, `app_secret` (signs webhooks), `verify_token` (our answer to
Meta's GET check). Config: `page_id`; `human_agent` (default true: the app has the Human
Agent permission, so staff may answer up to 7 days after the person's last message);
`throughput` (Send API calls/s); `api_version`; `api_base_url` (another Graph server: a
proxy, a test fake; see channels.types.api_base).
"""

import json
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from passerelle.channels.contacts import contact_for
from passerelle.channels.http import platform_request
from passerelle.channels.outgoing_files import outgoing_file_for
from passerelle.channels.types import meta
from passerelle.channels.types.api_base import api_base_url_field
from passerelle.channels.types.base import (
    ChannelType,
    ConnectError,
    ConnectField,
    RateLimit,
    SendError,
    SendResult,
)
from passerelle.channels.types.messenger import parse

STANDARD_WINDOW = timedelta(hours=24)
HUMAN_AGENT_WINDOW = timedelta(days=7)
MAX_TEXT = 2000  # the Send API refuses longer texts: longer replies go as several messages
DEFAULT_THROUGHPUT = 40
MB = 1024 * 1024
# The Send API's attachment types for each kind a staff file is sent as.
ATTACHMENT_TYPES = {"photo": "image", "voice": "audio", "audio": "audio", "document": "file"}
FIELDS = "messages,messaging_postbacks,message_deliveries,message_reads"


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a space when possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


class MessengerType(ChannelType):
    slug = "messenger"
    name = "Messenger"
    platform = "messenger"
    privacy_notice = {
        "en": (
            "Messenger: conversations with a Facebook Page are not end-to-end encrypted; "
            "Meta can read them."
        ),
        "fr": (
            "Messenger : les conversations avec une page Facebook ne sont pas chiffrées de "
            "bout en bout; Meta peut les lire."
        ),
        "ar": "ماسنجر: المحادثات مع صفحة فيسبوك غير مشفّرة من طرف إلى طرف؛ يمكن لميتا قراءتها.",
    }
    carries_group = False
    secret_fields = ("page_access_token", "app_secret", "verify_token")
    reply_tools_template = "messenger/_reply_tools.html"
    connect_fields = (
        ConnectField(
            "page_id",
            _l("Page ID"),
            required=False,
            help=_l("Leave empty: it is read from the page access token."),
        ),
        ConnectField(
            "page_access_token",
            _l("Page access token"),
            secret=True,
            help=_l("A long-lived token of the page with pages_messaging."),
        ),
        *meta.WEBHOOK_FIELDS,
        ConnectField(
            "human_agent",
            _l("Human agent permission"),
            required=False,
            help=_l(
                '"false" if the app was not granted Human Agent: staff answers '
                "are then limited to 24 hours instead of 7 days."
            ),
        ),
        api_base_url_field(meta.DEFAULT_BASE_URL),
    )
    connect_notice = _l(
        "Messenger carries one-to-one conversations with the people who write to your "
        "Facebook Page; a page cannot write first. Staff may answer within 24 hours of a "
        "person's last message, and up to 7 days with Meta's Human Agent permission; "
        "automatic messages only within 24 hours. You need a Meta app with Messenger, the "
        "page access token and the app secret (see docs/channels/messenger.md)."
    )

    # -- inbound ---------------------------------------------------------------
    def verify(self, channel, request) -> None:
        meta.check_signature(channel, request)

    def challenge(self, channel, request):
        return meta.challenge(channel, request)

    def event_id(self, channel, body, request) -> str:
        return parse.delivery_id(self.load_json(body), body, self._page(channel))

    def parse(self, channel, body):
        return parse.events(self.load_json(body), self._page(channel))

    @staticmethod
    def _page(channel) -> str:
        return str(channel.config.get("page_id") or "")

    # -- connecting ----------------------------------------------------------------------
    def connect(self, channel) -> None:
        token = channel.secrets.get("page_access_token", "")
        page = meta.graph_get(channel, token, "me", fields="id,name")
        page_id = str(page.get("id") or "")
        if not page_id or self._page(channel) not in ("", page_id):
            raise ConnectError(_("This token belongs to another page (%(id)s).") % {"id": page_id})
        meta.verify_token_ensure(channel)
        # The page must be subscribed to the app, or Meta sends nothing for it.
        meta.graph_post(channel, token, page_id, "subscribed_apps", subscribed_fields=FIELDS)
        channel.config = {
            **channel.config,
            "page_id": page_id,
            "page_name": str(page.get("name") or ""),
        }
        channel.save(update_fields=["config"])

    def admin_notices(self, channel) -> list[str]:
        return meta.webhook_notice(channel, "Messenger › Settings › Webhooks", FIELDS)

    def result_from_log(self, channel, log) -> SendResult:
        return SendResult(platform_message_id=meta.result_from_log(log))

    # -- the messaging window ------------------------------------------------------
    def _human_agent(self, channel) -> bool:
        return channel.config.get("human_agent", True) not in (False, "false", "0", 0)

    def messaging_type(self, channel, contact, now, *, staff: bool) -> tuple[str, str]:
        """(messaging_type, tag) a message to this person may go with now, or ("", reason)."""
        last = contact.last_inbound_at
        if last is None:
            return "", _(
                "This person has not written to the page on Messenger: a page cannot write first."
            )
        if now - last <= STANDARD_WINDOW:
            return "RESPONSE", ""
        local = timezone.localtime
        if staff and self._human_agent(channel):
            if now - last <= HUMAN_AGENT_WINDOW:
                return "MESSAGE_TAG", "HUMAN_AGENT"
            when = local(last + HUMAN_AGENT_WINDOW, channel.service.tz).strftime("%Y-%m-%d %H:%M")
            return "", _(
                "Messenger's 7-day window for a staff answer closed on %(when)s: a reply can "
                "only be sent after this person writes again."
            ) % {"when": when}
        when = local(last + STANDARD_WINDOW, channel.service.tz).strftime("%Y-%m-%d %H:%M")
        return "", _(
            "Messenger's 24-hour window closed on %(when)s: a message can only be sent after "
            "this person writes again."
        ) % {"when": when}

    def reply_block_reason(self, channel, contact, now) -> str:
        kind, detail = self.messaging_type(channel, contact, now, staff=True)
        return "" if kind else detail

    def reply_tools_context(self, channel, contact, now) -> dict:
        kind, detail = self.messaging_type(channel, contact, now, staff=True)
        return {"block_reason": "" if kind else detail, "human_agent": detail == "HUMAN_AGENT"}

    # -- outbound ----------------------------------------------------------------
    def rate_limits(self, channel, request) -> list[RateLimit]:
        try:
            throughput = int(channel.config.get("throughput") or DEFAULT_THROUGHPUT)
        except (TypeError, ValueError):
            throughput = DEFAULT_THROUGHPUT
        cost = len(split_text(request.text))
        return [RateLimit(f"messenger:page:{self._page(channel)}", max(throughput, 1), 1.0, cost)]

    # Attachments sent with the message (multipart `filedata`): 25 MB each.
    media_limits = {
        "photo": (25 * MB, frozenset({"image/jpeg", "image/png"})),
        "voice": (25 * MB, frozenset({"audio/mpeg", "audio/mp4", "audio/ogg", "audio/aac"})),
        "audio": (25 * MB, frozenset({"audio/mpeg", "audio/mp4", "audio/ogg", "audio/aac"})),
        "document": (25 * MB, None),
    }

    def send(self, channel, request) -> SendResult:
        # Automatic messages may not use the human agent tag: only a person's answer may.
        contact = contact_for(channel, request.recipient)
        kind, detail = self.messaging_type(
            channel, contact, timezone.now(), staff=not request.automated
        )
        if not kind:
            raise SendError(detail, permanent=True)
        token = channel.secrets.get("page_access_token", "")
        if not token:
            raise SendError(_("The Messenger channel has no page access token."), permanent=True)
        base = {"recipient": {"id": request.recipient}, "messaging_type": kind}
        if kind == "MESSAGE_TAG":
            base["tag"] = detail
        ids = []
        if request.media and request.media.get("file"):
            ids.append(self._send_file(channel, token, base, request.media))
        for piece in split_text(request.text) if request.text else []:
            ids.append(self._post(channel, token, json={**base, "message": {"text": piece}}))
        return SendResult(platform_message_id=ids[0])

    def _send_file(self, channel, token: str, base: dict, media: dict) -> str:
        """The file as an attachment uploaded with the message itself (multipart)."""
        stored = outgoing_file_for(channel.org_id, media)
        if stored is None:
            raise SendError("the attached file is no longer stored", permanent=True)
        attachment_type = ATTACHMENT_TYPES[self.media_send_kind(media) or "document"]
        message = {"attachment": {"type": attachment_type, "payload": {"is_reusable": False}}}
        fields = {
            key: json.dumps(value) if isinstance(value, dict) else value
            for key, value in {**base, "message": message}.items()
        }
        name = stored.file_name or "file"
        return self._post(
            channel,
            token,
            data=fields,
            files={"filedata": (name, bytes(stored.data), stored.mime_type)},
        )

    def _post(self, channel, token: str, **body) -> str:
        response = platform_request(
            channel,
            "send_message",
            "POST",
            meta.graph_url(channel, "me", "messages"),
            headers={"Authorization": f"Bearer {token}"},
            **body,
        )
        if response.status_code >= 300:
            raise meta.graph_error(response)
        try:
            return str(response.json()["message_id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SendError(f"unexpected answer: {response.text[:200]}") from exc


TYPE = MessengerType()
