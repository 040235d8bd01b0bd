"""FakeTwilio: the Programmable Messaging endpoint Passerelle uses.

``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` (form fields ``To``,
``From`` or ``MessagingServiceSid``, ``Body``, ``MediaUrl``, ``StatusCallback``)
answers 201 with the real Message resource JSON; ``GET …/Messages/{Sid}.json``
fetches it back. Requests must carry HTTP Basic auth ``AccountSid:AuthToken``.

Pointing the real ``twilio.rest.Client`` (twilio 9) at the fake — ``edge`` /
``region`` only rewrite the host inside ``*.twilio.com``, so they cannot do it.
Two ways work:

1. one-liner, for the 2010-04-01 API (``client.messages``): the Api domain is
   created once per client and keeps its ``base_url``::

       client = twilio.rest.Client(fake.account_sid, fake.auth_token)
       client.api.base_url = fake.url

2. any domain (messaging, lookups…): a ``TwilioHttpClient`` that rewrites
   ``https://<product>.twilio.com`` to the fake, passed as ``http_client=``.
   ``fake.client()`` returns a Client built this way.

``num_segments`` is computed as Twilio does: GSM-7 (basic set 1 septet,
extension set 2) 160 per message or 153 per segment when concatenated,
otherwise UCS-2 70 / 67 UTF-16 units. Sent through a Messaging Service the
message is ``accepted`` with ``from: null`` and ``num_segments: "0"``, as
Twilio answers before it picks a sender.

Limits: per-sender segments per second (``segments_per_second``, default 1 as
for a Canadian long code); strict mode refuses with 429 / code 20429.
"""

from __future__ import annotations

import itertools
import math
import re
import secrets
from base64 import b64decode
from email.utils import formatdate
from typing import Any

from .base import FakeServer, RecordedRequest, Reply

API = "2010-04-01"
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
MESSAGES_RE = re.compile(rf"^/{API}/Accounts/(?P<sid>AC\w+)/Messages(?:/(?P<msg>SM\w+))?\.json$")
E164_RE = re.compile(r"^\+[1-9]\d{6,14}$")


def num_segments(body: str) -> int:
    if not body:
        return 1  # Twilio bills an empty/media-only SMS as one segment
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in body):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)


def twilio_error(status: int, code: int, message: str) -> Reply:
    return Reply(
        status,
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


PRESETS = {
    "rate_limit": lambda: twilio_error(429, 20429, "Too Many Requests"),
    "server_error": lambda: twilio_error(500, 20500, "Internal Server Error"),
    "unsubscribed": lambda: twilio_error(400, 21610, "Attempt to send to unsubscribed recipient"),
    "invalid_to": lambda to="+1613555": twilio_error(
        400, 21211, f"Invalid 'To' Phone Number: {to}"
    ),
}


class FakeTwilio(FakeServer):
    presets = PRESETS

    def __init__(
        self,
        account_sid: str = "AC" + "0d3b5e8f1a2c4d6e7f8091a2b3c4d5e6",
        auth_token: str = "fake-auth-token",
        *,
        segments_per_second: float = 1,
        rate_limits: str = "off",
        latency: float = 0.0,
    ) -> None:
        super().__init__(rate_limits=rate_limits, latency=latency)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.segments_per_second = segments_per_second
        self.messages: dict[str, dict] = {}  # sid -> Message resource
        self.status_callbacks: dict[str, str] = {}  # sid -> StatusCallback URL
        self.media_urls: dict[str, list[str]] = {}  # sid -> MediaUrl values (an MMS)
        self._reset_state()

    def _reset_state(self) -> None:
        # sender -> monotonic time its queue is drained: a message of n segments
        # keeps the sender busy n / segments_per_second seconds, so multi-segment
        # messages are paced the way Twilio's queue paces them.
        self._busy_until: dict[str, float] = {}
        self.messages.clear()
        self.status_callbacks.clear()
        self.media_urls.clear()
        self._seq = itertools.count(1)

    # -- helpers for tests -----------------------------------------------------
    def client(self):
        """A real twilio.rest.Client whose every request goes to this fake."""
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        base = self.url

        class _ToFake(TwilioHttpClient):
            def request(self, method, url, *args, **kwargs):
                url = re.sub(r"^https://[a-z0-9.-]+\.twilio\.com", base, url)
                return super().request(method, url, *args, **kwargs)

        return Client(self.account_sid, self.auth_token, http_client=_ToFake())

    def callback_form(self, sid: str, status: str, error_code: str | None = None) -> dict:
        """The form Twilio would POST to the message's StatusCallback."""
        message = self.messages[sid]
        form = {
            "AccountSid": self.account_sid,
            "ApiVersion": API,
            "From": message["from"] or "+16135550100",
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": message["to"],
        }
        if message["messaging_service_sid"]:
            form["MessagingServiceSid"] = message["messaging_service_sid"]
        if error_code:
            form["ErrorCode"] = str(error_code)
        return form

    # -- routing -------------------------------------------------------------
    def route(self, request: RecordedRequest) -> Reply:
        match = MESSAGES_RE.match(request.path)
        if not match:
            return twilio_error(404, 20404, f"The requested resource {request.path} was not found")
        if not self._authorized(request) or match["sid"] != self.account_sid:
            return twilio_error(401, 20003, "Authenticate")
        if match["msg"]:
            message = self.messages.get(match["msg"])
            if message is None or request.method != "GET":
                return twilio_error(
                    404, 20404, f"The requested resource {request.path} was not found"
                )
            return Reply(200, message)
        if request.method != "POST":
            return twilio_error(405, 20004, "Method not allowed")
        return self._create(request)

    def _authorized(self, request: RecordedRequest) -> bool:
        header = request.headers.get("authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return (user, password) == (self.account_sid, self.auth_token)

    def _create(self, request: RecordedRequest) -> Reply:
        form = request.form
        to, sender = form.get("To", ""), form.get("From", "")
        service = form.get("MessagingServiceSid", "")
        body, media = form.get("Body", ""), form.get("MediaUrl")
        if not to:
            return twilio_error(400, 21604, "A 'To' phone number is required.")
        if not sender and not service:
            return twilio_error(400, 21603, "A 'From' phone number is required.")
        if not body and not media:
            return twilio_error(400, 21602, "Message body is required.")
        if not E164_RE.match(to):
            return PRESETS["invalid_to"](to=to)
        if len(body) > 1600:
            return twilio_error(
                400, 21617, "The concatenated message body exceeds the 1600 character limit."
            )
        segments = num_segments(body)
        if refused := self._check_limits(sender or service, segments, request.at):
            return refused
        sid = "SM" + secrets.token_hex(16)
        now = formatdate(usegmt=False).replace("-0000", "+0000")
        uri = f"/{API}/Accounts/{self.account_sid}/Messages/{sid}"
        media_urls = media if isinstance(media, list) else [media] if media else []
        message: dict[str, Any] = {
            "account_sid": self.account_sid,
            "api_version": API,
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": sender or None,
            "messaging_service_sid": service or None,
            "num_media": str(len(media_urls)),
            "num_segments": str(segments) if sender else "0",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued" if sender else "accepted",
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": to,
            "uri": f"{uri}.json",
        }
        with self._lock:
            self.messages[sid] = message
            if media_urls:
                self.media_urls[sid] = media_urls
            if form.get("StatusCallback"):
                self.status_callbacks[sid] = form["StatusCallback"]
        return Reply(201, message)

    def _check_limits(self, sender: str, segments: int, at: float) -> Reply | None:
        if self.rate_limits == "off":
            return None
        with self._lock:
            busy_until = self._busy_until.get(sender, at)
            if at < busy_until - 1e-3:  # tolerance: timer jitter on a paced sender
                self._violate("segments")
                if self.rate_limits == "strict":
                    return PRESETS["rate_limit"]()
            self._busy_until[sender] = max(at, busy_until) + segments / self.segments_per_second
        return None
