"""FakeGraph: the Graph API endpoints of the WhatsApp Cloud API and the
Messenger Send API.

Point a client at ``fake.url`` instead of ``https://graph.facebook.com``:

- ``POST /v{ver}/{phone_number_id}/messages`` (``messaging_product:
  "whatsapp"``) answers ``{"messaging_product": "whatsapp", "contacts":
  [{"input", "wa_id"}], "messages": [{"id": "wamid.…"}]}``; a mark-as-read body
  (``status: "read"``) answers ``{"success": true}``.
- ``POST /v{ver}/{phone_number_id}/media`` (multipart) answers ``{"id"}``;
  ``GET /v{ver}/{media_id}`` answers the media URL object and that URL serves
  the bytes; ``DELETE /v{ver}/{media_id}`` answers ``{"success": true}``.
- ``POST /v{ver}/me/messages`` (or ``/{page_id}/messages`` with a
  ``recipient``) is the Messenger Send API: ``{"recipient_id", "message_id":
  "m_…"}``.

Errors use the Graph shape ``{"error": {"message", "type", "code",
"error_subcode", "error_data", "fbtrace_id"}}``. Meta answers WhatsApp
throttling (130429 throughput, 131056 pair rate) with HTTP 400, not 429
(https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes);
``throttle_status`` lets a test use 429 to check a client copes with either.

Limits: throughput per phone number (default 80 messages/s) and the pair rate
limit, 1 message per 6 s from one business number to one user.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
from typing import Any

from .base import FakeServer, RecordedRequest, Reply, SlidingWindow

HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
VERSIONED = re.compile(r"^/v\d+(?:\.\d+)?/(?P<rest>.+)$")


def graph_error(
    status: int,
    code: int,
    message: str,
    *,
    details: str | None = None,
    subcode: int | None = None,
    type: str = "OAuthException",  # noqa: A002 - Graph's field name
) -> Reply:
    error: dict[str, Any] = {"message": message, "type": type, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    if details is not None:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    error["fbtrace_id"] = "A" + secrets.token_urlsafe(16)
    # No Retry-After: Graph does not send one; clients must back off on their own.
    return Reply(status, {"error": error})


def _wa(code: int, title: str, details: str, status: int = 400) -> Reply:
    return graph_error(status, code, f"(#{code}) {title}", details=details)


PRESETS = {
    # WhatsApp Cloud API
    "rate_limit": lambda status=400: _wa(
        130429, "Rate limit hit", "Cloud API message throughput has been reached.", status
    ),
    "pair_rate_limit": lambda status=400: _wa(
        131056,
        "(Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone "
        "number to the same phone number in a short period of time.",
        status,
    ),
    "reengagement": lambda status=400: _wa(
        131047,
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer "
        "last replied to this number.",
        status,
    ),
    "undeliverable": lambda status=400: _wa(
        131026,
        "Message Undeliverable",
        "Message failed to send because of an unknown error with the recipient's phone "
        "number, or the recipient has not accepted the new Terms of Service.",
        status,
    ),
    "server_error": lambda status=500: graph_error(
        status, 131000, "(#131000) Something went wrong", details="Something went wrong"
    ),
    "invalid_token": lambda: graph_error(
        401, 190, "Invalid OAuth access token - Cannot parse access token"
    ),
    # Messenger Send API
    "messenger_rate_limit": lambda status=400: graph_error(
        status, 613, "Calls to this api have exceeded the rate limit."
    ),
    "messenger_unavailable": lambda: graph_error(
        400, 551, "This person isn't available right now.", subcode=1545041
    ),
    "messenger_outside_window": lambda: graph_error(
        400, 10, "(#10) This message is sent outside of allowed window.", subcode=2018278
    ),
}


class FakeGraph(FakeServer):
    presets = PRESETS

    def __init__(
        self,
        access_token: str | None = None,
        *,
        throughput: float = 80,
        pair_limit: float = 1,
        pair_window: float = 6.0,
        throttle_status: int = 400,
        rate_limits: str = "off",
        latency: float = 0.0,
    ) -> None:
        """``access_token``: if given, requests without ``Authorization: Bearer
        <token>`` (or ``?access_token=``) get 401 code 190."""
        super().__init__(rate_limits=rate_limits, latency=latency)
        self.access_token = access_token
        self.throttle_status = throttle_status
        self._limits = {
            "throughput": SlidingWindow(throughput, 1.0),
            "pair": SlidingWindow(pair_limit, pair_window),
        }
        self.media: dict[str, tuple[str, bytes]] = {}  # media_id -> (mime_type, data)
        self._reset_state()

    def _reset_state(self) -> None:
        for window in self._limits.values():
            window.clear()
        self._seq = itertools.count(1)

    def add_media(self, media_id: str, data: bytes, mime_type: str = "audio/ogg") -> None:
        """Serve ``data`` for GET /v{ver}/{media_id} and its download URL."""
        self.media[media_id] = (mime_type, data)

    def whatsapp_sends(self) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests.matching("/messages", "POST")
            if isinstance(r.json, dict) and r.json.get("messaging_product") == "whatsapp"
        ]

    def messenger_sends(self) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests.matching("/messages", "POST")
            if (r.json and "recipient" in r.json) or "recipient" in r.form
        ]

    def whatsapp_uploads(self) -> list[RecordedRequest]:
        """The media uploads (POST /{phone_number_id}/media), in order."""
        return [r for r in self.requests.matching("/media", "POST") if "file" in r.files]

    # -- routing -------------------------------------------------------------
    def route(self, request: RecordedRequest) -> Reply:
        if request.path.startswith("/media-download/"):
            media = self.media.get(request.path.rsplit("/", 1)[-1])
            return Reply(200, media[1], {"Content-Type": media[0]}) if media else Reply(404, b"")
        if self.access_token is not None and not self._authorized(request):
            return self.presets["invalid_token"]()
        match = VERSIONED.match(request.path)
        if not match:
            return graph_error(400, 2500, "Unknown path components")
        parts = match["rest"].strip("/").split("/")
        if len(parts) == 2 and parts[1] == "messages" and request.method == "POST":
            body = request.json if isinstance(request.json, dict) else request.params
            if parts[0] == "me" or "recipient" in body:
                return self._messenger(body, request.files)
            return self._whatsapp(parts[0], body, request.at)
        if len(parts) == 2 and parts[1] == "media" and request.method == "POST":
            upload = request.files.get("file")
            if upload is None:
                return graph_error(400, 100, "(#100) The parameter file is required.")
            media_id = str(1_000_000_000_000_000 + next(self._seq))
            self.add_media(media_id, upload.data, request.form.get("type") or upload.content_type)
            return Reply(200, {"id": media_id})
        if len(parts) == 1 and parts[0] in self.media:
            if request.method == "DELETE":
                del self.media[parts[0]]
                return Reply(200, {"success": True})
            mime, data = self.media[parts[0]]
            return Reply(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/media-download/{parts[0]}",
                    "mime_type": mime,
                    "sha256": secrets.token_hex(32),
                    "file_size": len(data),
                    "id": parts[0],
                },
            )
        return graph_error(
            400, 100, "Unsupported request - method type or object does not exist", subcode=33
        )

    def _authorized(self, request: RecordedRequest) -> bool:
        header = request.headers.get("authorization", "")
        return header == f"Bearer {self.access_token}" or (
            request.query.get("access_token") == self.access_token
        )

    def _whatsapp(self, phone_number_id: str, body: dict, at: float) -> Reply:
        if body.get("messaging_product") != "whatsapp":
            return graph_error(400, 100, "(#100) The parameter messaging_product is required.")
        if body.get("status") == "read":
            return Reply(200, {"success": True})
        to = str(body.get("to") or "")
        if not to:
            return graph_error(400, 100, "(#100) The parameter to is required.")
        kind = body.get("type") or "text"
        if kind in ("audio", "image", "document", "video", "sticker"):
            media = body.get(kind) or {}
            if media.get("id") and str(media["id"]) not in self.media:
                return _wa(131053, "Media upload error", "Unknown media id.")
            if not media.get("id") and not media.get("link"):
                return graph_error(400, 100, f"(#100) The parameter {kind}['id'] is required.")
        wa_id = re.sub(r"\D", "", to)
        if refused := self._check_limits(phone_number_id, wa_id, at):
            return refused
        message_id = "wamid.HBgL" + secrets.token_urlsafe(24).replace("-", "A").replace("_", "B")
        return Reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": wa_id}],
                "messages": [{"id": message_id}],
            },
        )

    def _check_limits(self, phone_number_id: str, wa_id: str, at: float) -> Reply | None:
        if self.rate_limits == "off":
            return None
        checks = [("throughput", phone_number_id), ("pair", (phone_number_id, wa_id))]
        with self._lock:
            over = [(k, key) for k, key in checks if self._limits[k].would_exceed(key, at)]
            for kind, _key in over:
                self._violate(kind)
            if over and self.rate_limits == "strict":
                preset = "rate_limit" if over[0][0] == "throughput" else "pair_rate_limit"
                return self.presets[preset](status=self.throttle_status)
            for kind, key in checks:
                self._limits[kind].add(key, at)
        return None

    def _messenger(self, body: dict, files: dict) -> Reply:
        recipient = body.get("recipient") or {}
        if isinstance(recipient, str):  # form-encoded clients send JSON strings
            recipient = json.loads(recipient)
        psid = recipient.get("id")
        if not psid:
            return graph_error(400, 100, "(#100) The parameter recipient is required")
        message = body.get("message") or {}
        if isinstance(message, str):
            message = json.loads(message)
        attachment = message.get("attachment") if isinstance(message, dict) else None
        if isinstance(attachment, dict):
            payload = attachment.get("payload") or {}
            # An attachment is uploaded with the message (filedata) or named by url / id.
            if "filedata" not in files and not (payload.get("url") or payload.get("attachment_id")):
                return graph_error(400, 100, "(#100) Upload attachment failure.")
            if attachment.get("type") not in ("image", "audio", "video", "file", "template"):
                return graph_error(400, 100, "(#100) Param message[attachment][type] is invalid")
        return Reply(
            200, {"recipient_id": str(psid), "message_id": "m_" + secrets.token_urlsafe(40)}
        )
