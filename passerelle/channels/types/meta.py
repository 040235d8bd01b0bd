"""What WhatsApp Cloud API and Messenger share: Meta's webhook signature, the GET
verification challenge, Graph API URLs and Graph error answers.

Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
raw body keyed with the app secret>` and verifies a webhook URL once with
`GET ?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<nonce>`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from passerelle.channels.http import platform_request
from passerelle.channels.types.base import (
    ConnectError,
    ConnectField,
    SendError,
    WebhookRejected,
)
from passerelle.common.crypto import same_secret

SIGNATURE_HEADER = "X-Hub-Signature-256"
DEFAULT_BASE_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v21.0"
# Graph codes that mean "slow down": retry later rather than fail the message.
THROTTLING = {4, 17, 32, 613, 80007, 130429, 131048, 131056}
# How long to wait before retrying a throttled send (Graph sends no Retry-After).
RETRY_AFTER = {131056: 6.0, 130429: 1.0}
_MAX_CHALLENGE = 200

# The two webhook secrets every Meta product (WhatsApp, Messenger) is connected with.
WEBHOOK_FIELDS = (
    ConnectField(
        "app_secret",
        _l("App secret"),
        secret=True,
        help=_l("App settings › Basic: signs every webhook Meta sends."),
    ),
    ConnectField(
        "verify_token",
        _l("Verify token"),
        secret=True,
        required=False,
        help=_l("Leave empty: Passerelle makes one for Meta's webhook check."),
    ),
)


def sign(app_secret: str, body: bytes) -> str:
    """The header value Meta sends for a body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(channel, request) -> None:
    """Raise WebhookRejected(403) unless the body carries the app secret's signature."""
    secret = channel.secrets.get("app_secret", "")
    header = request.headers.get(SIGNATURE_HEADER, "")
    if not secret or not header or not same_secret(sign(secret, request.body), header):
        raise WebhookRejected("bad or missing X-Hub-Signature-256", status=403)


def challenge(channel, request) -> HttpResponse:
    """Answer Meta's subscription check: echo hub.challenge when our verify token matches."""
    token = channel.secrets.get("verify_token", "")
    given = request.GET.get("hub.verify_token", "")
    nonce = request.GET.get("hub.challenge", "")
    if (
        request.GET.get("hub.mode") == "subscribe"
        and token
        and same_secret(token, given)
        and 0 < len(nonce) <= _MAX_CHALLENGE
    ):
        if not channel.config.get("webhook_verified_at"):
            # Remembered so the admin page stops showing the set-up instructions.
            channel.config = {**channel.config, "webhook_verified_at": timezone.now().isoformat()}
            channel.save(update_fields=["config"])
        return HttpResponse(nonce, content_type="text/plain")
    return HttpResponse("verification failed", status=403, content_type="text/plain")


def verify_token_ensure(channel) -> None:
    """Give the channel a verify token (for Meta's GET check) unless the admin chose one."""
    if not channel.secrets.get("verify_token"):
        channel.secrets = {**channel.secrets, "verify_token": secrets.token_urlsafe(24)}
        channel.save(update_fields=["secrets"])


def webhook_notice(channel, where: str, fields: str) -> list[str]:
    """What to enter in the Meta app until Meta has checked the webhook once."""
    if channel.config.get("webhook_verified_at"):
        return []
    return [
        _(
            "Meta has not checked the webhook yet. In the Meta app (%(where)s) set Callback "
            "URL to %(url)s and Verify token to %(token)s, then subscribe to: %(fields)s."
        )
        % {
            "where": where,
            "url": channel.webhook_url,
            "token": channel.secrets.get("verify_token", ""),
            "fields": fields,
        }
    ]


def graph_get(channel, token: str, *path: str, **params):
    """A Graph API read for connecting a channel; refusals become ConnectError."""
    return _graph_call(channel, token, "GET", path, params=params)


def graph_post(channel, token: str, *path: str, **params):
    """A Graph API write for connecting a channel (subscribing a page…)."""
    return _graph_call(channel, token, "POST", path, params=params)


def result_from_log(log) -> str:
    """The message id in a logged Graph send answer (WhatsApp or Messenger)."""
    try:
        data = json.loads(log.response or "{}")
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    messages = data.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        return str(messages[0].get("id") or "")
    return str(data.get("message_id") or "")


def _graph_call(channel, token, method, path, **kwargs) -> dict:
    try:
        response = platform_request(
            channel,
            "connect",
            method,
            graph_url(channel, *path),
            headers={"Authorization": f"Bearer {token}"},
            **kwargs,
        )
    except SendError as exc:
        raise ConnectError(_("Meta could not be reached: %(error)s") % {"error": exc}) from exc
    if response.status_code >= 300:
        raise ConnectError(_("Meta refused: %(error)s") % {"error": graph_error(response)})
    try:
        data = response.json()
    except ValueError as exc:
        raise ConnectError(_("Meta gave an unexpected answer.")) from exc
    return data if isinstance(data, dict) else {}


def graph_url(channel, *path: str) -> str:
    """A Graph API URL for this channel: base and version overridable in channel.config."""
    base = (channel.config.get("api_base_url") or DEFAULT_BASE_URL).rstrip("/")
    version = channel.config.get("api_version") or DEFAULT_VERSION
    return "/".join([base, version, *path])


# The person stopped the business: WhatsApp 131050 (stopped marketing messages), Messenger
# 551 (person unavailable) and 1545041 (not accepting messages from the page).
STOPPED = {131050, 551, 1545041}


def graph_error(response) -> SendError:
    """A Graph error answer as a SendError: throttling and 5xx retry, the rest is permanent."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):
        error = {}
    code = error.get("code") if isinstance(error.get("code"), int) else None
    details = error.get("error_data") if isinstance(error.get("error_data"), dict) else {}
    text = f"{response.status_code} {code or ''} {error.get('message') or response.text[:200]}"
    if details.get("details"):
        text += f" — {details['details']}"
    if code in STOPPED:
        return SendError(text, contact_stopped=True)
    if code in THROTTLING or response.status_code == 429:
        return SendError(text, retry_after=RETRY_AFTER.get(code, 2.0))
    if response.status_code >= 500:
        return SendError(text)
    return SendError(text, permanent=True)


def timestamp(value, *, millis: bool = False) -> datetime | None:
    """A platform timestamp (seconds, or milliseconds for Messenger) as an aware datetime."""
    try:
        seconds = float(value) / (1000 if millis else 1)
    except (TypeError, ValueError, OverflowError):
        return None
    if not 0 < seconds < 32503680000:  # before year 3000: anything else is garbage
        return None
    return datetime.fromtimestamp(seconds, UTC)


def text_field(value, limit: int = 10_000) -> str:
    """A string field of a payload, or '' when it is missing or not a string."""
    return value[:limit] if isinstance(value, str) else ""


def objects(value) -> list[dict]:
    """The dicts of a list field; anything else (missing, wrong type) is an empty list."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


def compact_id(parts: list[str], prefix: str) -> str:
    """One event id from the ids a delivery carries: stable whatever their order or batching.

    One short id is kept as is (readable in the admin); several are hashed, so the stored
    RawEvent is unique per delivery while messages and statuses dedupe on their own ids.
    """
    unique = sorted(set(parts))
    if len(unique) == 1 and len(unique[0]) <= 180:
        return f"{prefix}:{unique[0]}"
    return f"{prefix}:sha256:" + hashlib.sha256("\n".join(unique).encode()).hexdigest()
