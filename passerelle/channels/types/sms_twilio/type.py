"""SMS through Twilio Programmable Messaging.

Secrets: `auth_token` (signs webhooks, authenticates API calls). Config: `account_sid`,
`from_number` (E.164) or `messaging_service_sid`, `sender_type` (long_code, toll_free,
short_code) or `segments_per_second`, and `api_base_url` (another API server: a proxy, a
test fake; see channels.types.api_base).

Twilio signs `PASSERELLE_PUBLIC_URL` + the webhook path (+ query), the URL it was told
to call: the signature is checked against that URL, never against the Host header a
proxy passed on (see docs/channels/sms.md).
"""

import json
import logging
import re
from urllib.parse import parse_qs

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from passerelle.channels.http import platform_request
from passerelle.channels.outgoing_files import outgoing_file_for, signed_url
from passerelle.channels.types.api_base import api_base_url_field
from passerelle.channels.types.base import (
    ChannelType,
    ConnectError,
    ConnectField,
    InboundEvent,
    RateLimit,
    SendError,
    SendResult,
    WebhookRejected,
)
from passerelle.channels.types.sms_twilio import keywords
from passerelle.channels.types.sms_twilio.segments import segments

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.twilio.com"
API = "2010-04-01"
# Segments per second each kind of sender may send (Twilio's defaults for Canada / US).
PACE = {"long_code": 1, "toll_free": 3, "short_code": 100}
MB = 1024 * 1024
MAX_BODY = 1600  # Twilio refuses longer bodies (21617): longer replies go as several SMS
SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")
ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")
MESSAGING_SERVICE = re.compile(r"^MG[0-9a-fA-F]{32}$")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Twilio MessageStatus → our delivery state; the others (queued, accepted…) say nothing new.
STATUSES = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}
MEDIA = {"image": "photo", "audio": "audio", "video": "video"}
ALGORITHMS = {"HMAC_SHA1", "HMAC_SHA256"}  # what twilio's RequestValidator checks
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


class _Form(dict):
    """Form fields as lists, with the `getlist` the Twilio validator knows how to read."""

    def getlist(self, key):
        return self[key]

    def first(self, key, limit=2000) -> str:
        return (self.get(key) or [""])[0][:limit]


def form_of(body: bytes | str) -> _Form:
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        if "\x00" in text:  # Twilio percent-encodes everything; a raw NUL cannot be stored
            raise ValueError("raw NUL byte")
        return _Form(parse_qs(text, keep_blank_values=True, max_num_fields=300))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WebhookRejected(f"body is not a usable form: {exc}") from exc


def _media_mode(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in ("", "mms", "link"):
        raise ConnectError(_("Files: say mms or link."))
    return value


def split_body(text: str, limit: int = MAX_BODY) -> list[str]:
    """Pieces of at most `limit` characters, cut at a space or a line break when possible."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind(" ", 0, limit), text.rfind("\n", 0, limit))
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


class TwilioSmsType(ChannelType):
    slug = "sms_twilio"
    name = "SMS (Twilio)"
    platform = "tel"
    privacy_notice = {
        "en": (
            "SMS: text messages are not encrypted; phone carriers and our SMS provider can "
            "read them."
        ),
        "fr": (
            "SMS : les textos ne sont pas chiffrés; les opérateurs téléphoniques et notre "
            "fournisseur de SMS peuvent les lire."
        ),
        "ar": (
            "الرسائل النصية القصيرة: غير مشفّرة؛ يمكن لشركات الاتصالات ومزوّد خدمة الرسائل "
            "لدينا قراءتها."
        ),
    }
    carries_group = False
    secret_fields = ("auth_token",)
    reply_tools_template = "sms_twilio/_reply_tools.html"
    connect_fields = (
        ConnectField("account_sid", _l("Account SID"), help=_l("Twilio console: AC…")),
        ConnectField(
            "auth_token",
            _l("Auth token"),
            secret=True,
            help=_l("Twilio console, next to the Account SID: it also signs webhooks."),
        ),
        ConnectField(
            "from_number",
            _l("Twilio number"),
            required=False,
            help=_l("E.164, e.g. +16135550100 (or give a Messaging Service instead)."),
        ),
        ConnectField(
            "messaging_service_sid",
            _l("Messaging Service SID"),
            required=False,
            help=_l("MG…: when Twilio picks the sender from a pool of numbers."),
        ),
        ConnectField(
            "sender_type",
            _l("Sender type"),
            required=False,
            help=_l("long_code (1 segment/s, default), toll_free (3/s) or short_code (100/s)."),
        ),
        ConnectField(
            "media_mode",
            _l("Files"),
            required=False,
            help=_l("mms (default): files go as MMS; link: a short link in the text instead."),
            check=_media_mode,
        ),
        api_base_url_field(DEFAULT_BASE_URL),
    )
    connect_notice = _l(
        "SMS reaches members without a smartphone or a data plan; every segment (160 "
        "characters, 70 in Arabic) is billed by Twilio. Members who text STOP, ARRÊT or توقف "
        "receive nothing more until they text START. Set PASSERELLE_PUBLIC_URL to the exact "
        "address Twilio calls: the signature covers it (see docs/channels/sms.md)."
    )

    # -- connecting ----------------------------------------------------------------------
    def connect(self, channel) -> None:
        config = channel.config
        if not ACCOUNT_SID.match(config.get("account_sid", "")):
            raise ConnectError(_("The Account SID starts with AC followed by 32 characters."))
        if config.get("from_number") and not E164.match(config["from_number"]):
            raise ConnectError(_("Write the number in E.164 form, e.g. +16135550100."))
        if not config.get("from_number") and not MESSAGING_SERVICE.match(
            config.get("messaging_service_sid", "")
        ):
            raise ConnectError(_("Give the Twilio number or a Messaging Service SID (MG…)."))
        if config.get("sender_type", "long_code") not in PACE:
            raise ConnectError(_("Sender type: long_code, toll_free or short_code."))
        base = (config.get("api_base_url") or DEFAULT_BASE_URL).rstrip("/")
        try:
            response = platform_request(
                channel,
                "connect",
                "GET",
                f"{base}/{API}/Accounts/{config['account_sid']}/Messages.json",
                params={"PageSize": 1},
                auth=(config["account_sid"], channel.secrets["auth_token"]),
            )
        except SendError as exc:
            raise ConnectError(_("Twilio could not be reached: %(e)s") % {"e": exc}) from exc
        if response.status_code == 401:
            raise ConnectError(_("Twilio refused this Account SID and Auth token."))
        if response.status_code >= 300:
            raise ConnectError(_("Twilio said: %(e)s") % {"e": response.text[:200]})

    def admin_notices(self, channel) -> list[str]:
        if channel.raw_events.exists():
            return []
        return [
            _(
                "No SMS received yet. In the Twilio console set the number's (or the Messaging "
                "Service's) incoming message webhook to %(url)s, HTTP POST."
            )
            % {"url": channel.webhook_url}
        ]

    def result_from_log(self, channel, log) -> SendResult:
        try:
            data = json.loads(log.response or "{}")
        except ValueError:
            data = {}
        return SendResult(
            platform_message_id=str(data.get("sid") or "") if isinstance(data, dict) else ""
        )

    # -- inbound ---------------------------------------------------------------
    def verify(self, channel, request) -> None:
        token = channel.secrets.get("auth_token", "")
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not token or not signature:
            raise WebhookRejected("missing X-Twilio-Signature", status=403)
        form = form_of(request.body)
        algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER, ""))
        if algorithm.upper() not in ALGORITHMS:
            # Refused here, not by twilio's validator, which would log it a second time.
            raise WebhookRejected("unsupported signature algorithm", status=403)
        url = settings.PUBLIC_URL + request.get_full_path()
        if RequestValidator(token).validate(url, form, signature, algorithm=algorithm):
            return
        if RequestValidator(token).validate(
            request.build_absolute_uri(), form, signature, algorithm=algorithm
        ):
            # Signed by Twilio, but for another URL: a configuration mistake worth naming.
            log.warning(
                "channel %s: Twilio signed %s, not %s: set PASSERELLE_PUBLIC_URL",
                channel.pk,
                request.build_absolute_uri(),
                url,
            )
        raise WebhookRejected("bad X-Twilio-Signature", status=403)

    def event_id(self, channel, body, request) -> str:
        form = form_of(body)
        sid = form.first("MessageSid") or form.first("SmsSid")
        if not SID.match(sid):
            raise WebhookRejected("MessageSid is required")
        status = form.first("MessageStatus", 20)
        # A status callback is one event per (message, status); an inbound SMS is its sid.
        return f"{sid}:{status}" if status and status not in ("received", "receiving") else sid

    def parse(self, channel, body) -> list[InboundEvent]:
        form = form_of(body)
        sid = form.first("MessageSid", 64) or form.first("SmsSid", 64)
        status = form.first("MessageStatus", 20)
        if status and status not in ("received", "receiving"):
            if status not in STATUSES or not sid:
                return [InboundEvent(kind=InboundEvent.IGNORED)]
            code = form.first("ErrorCode", 10)
            error = f"Twilio {code}: {status}" if code else status
            return [
                InboundEvent(
                    kind=InboundEvent.STATUS,
                    platform_message_id=sid,
                    extra={
                        "status": STATUSES[status],
                        "error": error,
                        "recipient": form.first("To", 40),
                    },
                )
            ]
        sender = form.first("From", 40)
        if not sender or not sid:
            return [InboundEvent(kind=InboundEvent.IGNORED)]
        media = "text"
        if form.first("NumMedia", 4) not in ("", "0"):
            major = form.first("MediaContentType0", 100).split("/")[0]
            media = MEDIA.get(major, "document")
        text = form.first("Body", 10_000)
        # STOP, START and HELP are Twilio's own keywords: neutral events, not messages.
        keyword = "" if media != "text" else keywords.keyword_of(text, form.first("OptOutType", 10))
        return [
            InboundEvent(
                kind=keyword or InboundEvent.MESSAGE,
                sender_address=sender,
                thread_kind="private",
                text=text,
                media_kind=media,
                platform_message_id=sid,
            )
        ]

    def acknowledge(self, channel, request) -> HttpResponse:
        # Twilio reads the answer as TwiML: an empty <Response/> means "send nothing back".
        return HttpResponse(EMPTY_TWIML, content_type="text/xml")

    # -- opt-out ---------------------------------------------------------------------
    honours_opt_out = True

    def reply_block_reason(self, channel, contact, now) -> str:
        if contact.opted_out_at is None:
            return ""
        local = timezone.localtime(contact.opted_out_at, channel.service.tz)
        return _(
            "This number texted %(word)s on %(when)s: nothing can be sent to it by SMS until "
            "it texts START."
        ) % {"word": contact.opt_out_word or "STOP", "when": local.strftime("%Y-%m-%d %H:%M")}

    def reply_tools_context(self, channel, contact, now) -> dict:
        return {"opt_out_reason": self.reply_block_reason(channel, contact, now)}

    # -- outbound ----------------------------------------------------------------------
    def segments_per_second(self, channel) -> float:
        try:
            pace = float(channel.config.get("segments_per_second") or 0)
        except (TypeError, ValueError):
            pace = 0
        return pace if pace > 0 else PACE.get(channel.config.get("sender_type"), 1)

    def rate_limits(self, channel, request) -> list[RateLimit]:
        sender = channel.config.get("from_number") or channel.config.get("messaging_service_sid")
        cost = sum(segments(piece)[1] for piece in split_body(request.text)) or 1
        pace = self.segments_per_second(channel)
        return [RateLimit(f"sms:sender:{sender}", max(1, int(pace)), 1.0, cost=cost)]

    # MMS: 5 MB in all; images any phone shows, other files as Twilio passes them on.
    media_limits = {
        "photo": (5 * MB, frozenset({"image/jpeg", "image/png", "image/gif"})),
        "voice": (5 * MB, frozenset({"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac"})),
        "audio": (5 * MB, frozenset({"audio/ogg", "audio/mpeg", "audio/mp4", "audio/aac"})),
        "document": (5 * MB, None),
    }

    @staticmethod
    def files_as_links(channel) -> bool:
        """Whether files go as a link in the text (numbers or countries without MMS)."""
        return channel.config.get("media_mode") == "link"

    def media_problem(self, channel, media) -> str:
        # A link carries any file the store kept.
        return "" if self.files_as_links(channel) else super().media_problem(channel, media)

    def send(self, channel, request) -> SendResult:
        # Opted-out numbers never get this far: the pipeline refuses them (honours_opt_out).
        account = channel.config.get("account_sid", "")
        token = channel.secrets.get("auth_token", "")
        if channel.config.get("from_number"):
            sender = {"From": channel.config["from_number"]}
        else:
            sender = {"MessagingServiceSid": channel.config.get("messaging_service_sid", "")}
        if not account or not token or not any(sender.values()):
            raise SendError(
                _("The SMS channel is missing its account, token or sender."), permanent=True
            )
        base = (channel.config.get("api_base_url") or DEFAULT_BASE_URL).rstrip("/")
        url = f"{base}/{API}/Accounts/{account}/Messages.json"
        callback = channel.webhook_url
        text, media_url = request.text, ""
        if request.media and request.media.get("file"):
            stored = outgoing_file_for(channel.org_id, request.media)
            if stored is None:
                raise SendError("the attached file is no longer stored", permanent=True)
            media_url = signed_url(stored)
            if self.files_as_links(channel):
                text, media_url = f"{text}\n{media_url}".strip(), ""
        sids = []
        for number, piece in enumerate(split_body(text) if text else [""]):
            data = {"To": request.recipient, **sender, "Body": piece, "StatusCallback": callback}
            if media_url and number == 0:
                # Twilio fetches the file from this address when it sends the MMS.
                data["MediaUrl"] = media_url
            response = platform_request(
                channel, "send_sms", "POST", url, auth=(account, token), data=data
            )
            if response.status_code >= 300:
                raise self._error(response)
            try:
                sids.append(str(response.json()["sid"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise SendError(f"unexpected answer: {response.text[:200]}") from exc
        # Delivery reports follow the first piece: that is the one the member reads first.
        return SendResult(platform_message_id=sids[0])

    def _error(self, response) -> SendError:
        try:
            data = response.json()
            code = data.get("code") if isinstance(data, dict) else None
        except ValueError:
            data, code = {}, None
        text = f"{response.status_code} {code or ''} {(data or {}).get('message') or ''}".strip()
        if code == 21610:
            # Twilio knows the number opted out (a STOP it saw before we did).
            return SendError(text, contact_stopped=True)
        if response.status_code == 429 or code == 20429:
            return SendError(text, retry_after=1.0)
        if response.status_code >= 500:
            return SendError(text)
        return SendError(text, permanent=True)


TYPE = TwilioSmsType()
