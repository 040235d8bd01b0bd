"""WhatsApp Cloud API: signed webhooks in, Graph API sends out, the 24-hour window kept.

Secrets: `access_token` (a System User's permanent token), `app_secret` (signs webhooks),
`verify_token` (our answer to Meta's GET check). Config: `phone_number_id`, and for tests
or other tiers `api_version`, `throughput` (messages/s for the number), and `api_base_url`
(another Graph server: a proxy, a test fake; see channels.types.api_base).
"""

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
from passerelle.channels.types.whatsapp import parse
from passerelle.channels.types.whatsapp.media import media_fetch as fetch_media

WINDOW = timedelta(hours=24)
DEFAULT_THROUGHPUT = 80  # messages per second per business number (Meta's standard tier)
PAIR_LIMIT, PAIR_PERIOD = 1, 6.0  # one message per 6 s to the same person
MB = 1024 * 1024
# The Cloud API's message types for each kind a staff file is sent as.
MEDIA_TYPES = {"voice": "audio", "audio": "audio", "photo": "image", "document": "document"}


def _positive_int(value, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


class WhatsAppType(ChannelType):
    slug = "whatsapp"
    name = "WhatsApp"
    platform = "whatsapp"
    privacy_notice = {
        "en": (
            "WhatsApp: messages are encrypted up to Meta's servers, which read them on our "
            "behalf to deliver them."
        ),
        "fr": (
            "WhatsApp : les messages sont chiffrés jusqu'aux serveurs de Meta, qui les "
            "lisent pour notre compte afin de les transmettre."
        ),
        "ar": "واتساب: الرسائل مشفّرة حتى خوادم ميتا، التي تقرؤها نيابةً عنا لإيصالها.",
    }
    carries_group = False
    secret_fields = ("access_token", "app_secret", "verify_token")
    reply_tools_template = "whatsapp/_reply_tools.html"
    connect_fields = (
        ConnectField(
            "phone_number_id",
            _l("Phone number ID"),
            help=_l(
                "WhatsApp › API Setup in the Meta app: the number's ID, not the "
                "phone number itself."
            ),
        ),
        ConnectField(
            "access_token",
            _l("Permanent access token"),
            secret=True,
            help=_l(
                "A System User's token with whatsapp_business_messaging "
                "(Business Settings › System users)."
            ),
        ),
        *meta.WEBHOOK_FIELDS,
        ConnectField(
            "throughput",
            _l("Messages per second"),
            required=False,
            help=_l("80 by default; higher only if Meta raised your number's tier."),
        ),
        ConnectField(
            "api_version",
            _l("Graph API version"),
            required=False,
            help=_l("Default v21.0."),
        ),
        api_base_url_field(meta.DEFAULT_BASE_URL),
    )
    connect_notice = _l(
        "WhatsApp's official API carries one-to-one conversations only: groups of more than "
        "8 people cannot be run through it, so this channel has no group (use Telegram or "
        "the web chat for the group). 24 hours after a person's last message, only templates "
        "Meta approved can be sent; record them under WhatsApp templates. You need a Meta "
        "app with the WhatsApp product, the number's phone number ID, a permanent System "
        "User token and the app secret (see docs/channels/whatsapp.md)."
    )

    # -- connecting ----------------------------------------------------------------------
    def connect(self, channel) -> None:
        number = self._number(channel)
        if not number.isdigit():
            raise ConnectError(_("The phone number ID is a number (WhatsApp › API Setup)."))
        meta.verify_token_ensure(channel)
        found = meta.graph_get(
            channel,
            channel.secrets.get("access_token", ""),
            number,
            fields="display_phone_number,verified_name",
        )
        channel.config = {
            **channel.config,
            "display_phone_number": str(found.get("display_phone_number") or ""),
            "verified_name": str(found.get("verified_name") or ""),
        }
        channel.save(update_fields=["config"])

    def admin_notices(self, channel) -> list[str]:
        return meta.webhook_notice(channel, "WhatsApp › Configuration", "messages")

    def result_from_log(self, channel, log) -> SendResult:
        return SendResult(platform_message_id=meta.result_from_log(log))

    # -- inbound ---------------------------------------------------------------
    def verify(self, channel, request) -> None:
        meta.check_signature(channel, request)

    def challenge(self, channel, request):
        return meta.challenge(channel, request)

    def event_id(self, channel, body, request) -> str:
        return parse.delivery_id(self.load_json(body), body, self._number(channel))

    def parse(self, channel, body):
        return parse.events(self.load_json(body), self._number(channel))

    @staticmethod
    def _number(channel) -> str:
        return str(channel.config.get("phone_number_id") or "")

    # -- the 24-hour customer-service window -------------------------------------
    def window_closes_at(self, contact):
        """When free-form messages to this person stop being allowed (None: never opened)."""
        last = contact.last_inbound_at
        return last + WINDOW if last else None

    def _window_reason(self, channel, contact, now) -> str:
        closes_at = self.window_closes_at(contact)
        if closes_at is None:
            return _(
                "This person has not written to the service on WhatsApp yet: WhatsApp only "
                "allows an approved template to start the conversation."
            )
        if closes_at <= now:
            local = timezone.localtime(closes_at, channel.service.tz)
            return _(
                "WhatsApp's 24-hour window closed on %(when)s (24 hours after this person's "
                "last message): only an approved template can be sent until they write again."
            ) % {"when": local.strftime("%Y-%m-%d %H:%M")}
        return ""

    def reply_block_reason(self, channel, contact, now) -> str:
        return self._window_reason(channel, contact, now)

    def reply_tools_context(self, channel, contact, now) -> dict:
        return {
            "window_reason": self._window_reason(channel, contact, now),
            "window_closes_at": self.window_closes_at(contact),
            "templates": list(channel.whatsapp_templates.all()),
        }

    # -- outbound ----------------------------------------------------------------
    def rate_limits(self, channel, request) -> list[RateLimit]:
        number = self._number(channel)
        throughput = _positive_int(channel.config.get("throughput"), DEFAULT_THROUGHPUT)
        return [
            RateLimit(f"whatsapp:number:{number}", throughput, 1.0),
            RateLimit(f"whatsapp:pair:{number}:{request.recipient}", PAIR_LIMIT, PAIR_PERIOD),
        ]

    def media_fetch(self, channel, media):
        return fetch_media(channel, media)

    # Supported media (Cloud API "Supported media types"): a voice message is Ogg/Opus; a
    # photo JPEG or PNG up to 5 MB (WebP is a sticker: sent as a document), sounds 16 MB.
    media_limits = {
        "photo": (5 * MB, frozenset({"image/jpeg", "image/png"})),
        "voice": (16 * MB, frozenset({"audio/ogg"})),
        "audio": (16 * MB, frozenset({"audio/aac", "audio/mp4", "audio/mpeg", "audio/ogg"})),
        "document": (100 * MB, None),
    }

    def send(self, channel, request) -> SendResult:
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": request.recipient,
        }
        if request.template:
            payload["type"] = "template"
            payload["template"] = template_payload(request.template)
        else:
            # Meta would refuse it (131047); saying so here costs no API call and no retry.
            contact = contact_for(channel, request.recipient)
            if reason := self._window_reason(channel, contact, timezone.now()):
                raise SendError(reason, permanent=True)
            if request.media and request.media.get("file"):
                return self._send_file(channel, request, payload)
            payload["type"] = "text"
            payload["text"] = {"preview_url": False, "body": request.text}
            if request.reply_to_platform_id:
                payload["context"] = {"message_id": request.reply_to_platform_id}
        return SendResult(platform_message_id=self._post(channel, payload))

    def _send_file(self, channel, request, base: dict) -> SendResult:
        """Upload a staff file, then send a message naming its media id (the text as its
        caption where the type has one, else as a message of its own after it)."""
        media = request.media
        kind = self.media_send_kind(media) or "document"
        media_type = MEDIA_TYPES[kind]
        body = {"id": self._upload(channel, media)}
        text = request.text
        if media_type in ("image", "document") and text:
            body["caption"], text = text, ""
        if media_type == "document":
            body["filename"] = media.get("name") or "file"
        payload = {**base, "type": media_type, media_type: body}
        if request.reply_to_platform_id:
            payload["context"] = {"message_id": request.reply_to_platform_id}
        first = self._post(channel, payload)
        if text:
            self._post(channel, {**base, "type": "text", "text": {"body": text}})
        return SendResult(platform_message_id=first)

    def _upload(self, channel, media) -> str:
        stored = outgoing_file_for(channel.org_id, media)
        if stored is None:
            raise SendError("the attached file is no longer stored", permanent=True)
        token, number = channel.secrets.get("access_token", ""), self._number(channel)
        if not token or not number:
            raise SendError(
                _("The WhatsApp channel has no access token or phone number id."), permanent=True
            )
        # Meta wants the Opus codec named for a voice message (audio/ogg; codecs=opus).
        mime = stored.mime_type + ("; codecs=opus" if stored.mime_type == "audio/ogg" else "")
        response = platform_request(
            channel,
            "upload_media",
            "POST",
            meta.graph_url(channel, number, "media"),
            data={"messaging_product": "whatsapp", "type": mime},
            files={"file": (stored.file_name or "file", bytes(stored.data), mime)},
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code >= 300:
            raise meta.graph_error(response)
        try:
            return str(response.json()["id"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SendError(f"unexpected answer: {response.text[:200]}") from exc

    def _post(self, channel, payload: dict) -> str:
        token = channel.secrets.get("access_token", "")
        number = self._number(channel)
        if not token or not number:
            raise SendError(
                _("The WhatsApp channel has no access token or phone number id."), permanent=True
            )
        response = platform_request(
            channel,
            "send_message",
            "POST",
            meta.graph_url(channel, number, "messages"),
            json=payload,
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code >= 300:
            raise meta.graph_error(response)
        try:
            return str(response.json()["messages"][0]["id"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise SendError(f"unexpected answer: {response.text[:200]}") from exc


def template_payload(template: dict) -> dict:
    """The Cloud API `template` object of a request's template ({name, language, params})."""
    body = {"name": template["name"], "language": {"code": template["language"]}}
    if template.get("params"):
        body["components"] = [
            {
                "type": "body",
                "parameters": [{"type": "text", "text": str(p)} for p in template["params"]],
            }
        ]
    return body


TYPE = WhatsAppType()
