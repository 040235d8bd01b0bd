"""Calls to platform APIs over plain HTTP, each written to the channel log, secrets redacted."""

import base64
import contextlib
import logging
import re
import time
from contextvars import ContextVar
from urllib.parse import quote, quote_plus

import httpx
from django.conf import settings

from passerelle.channels.models import ChannelLog
from passerelle.channels.redaction import redact_text
from passerelle.channels.types.base import SendError
from passerelle.common.untrusted_files import sniff

log = logging.getLogger(__name__)

REDACTED = "[redacted]"
_LOG_LIMIT = 4000
# One pooled client per process: keeps TLS connections to the platform warm between sends.
_client = httpx.Client(timeout=httpx.Timeout(15.0, connect=5.0))
# The OutboundMessage a call is made for, so its log entry names it (see sending_row).
current_outbound: ContextVar[int | None] = ContextVar("current_outbound", default=None)


@contextlib.contextmanager
def sending_row(outbound_id: int):
    """Calls made inside are logged as calls for this send."""
    token = current_outbound.set(outbound_id)
    try:
        yield
    finally:
        current_outbound.reset(token)


def secret_forms(channel) -> list[str]:
    """Every way a channel's secrets can be written in a URL, a body or a header.

    Libraries percent-encode a token in URLs (python-telegram-bot's file URLs carry
    `bot123%3AAAE…`, hex in either case), form bodies use `+` for spaces, and Basic auth
    carries base64 of `user:secret` (Twilio's account SID and auth token).
    """
    secrets = [v for v in channel.secrets.values() if isinstance(v, str) and len(v) >= 6]
    users = [v for v in channel.config.values() if isinstance(v, str) and v]
    forms = set()
    for secret in secrets:
        for encoded in (secret, quote(secret, safe=""), quote(secret), quote_plus(secret)):
            forms |= {encoded, _lower_hex(encoded)}
        for user in users:
            forms.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
    # Longest first: a form that contains another is replaced whole.
    return sorted(forms, key=len, reverse=True)


def _lower_hex(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)


def redact(text: str, channel) -> str:
    """Replace every secret of the channel (tokens, app secrets), in any of its encodings,
    and anything else shaped like a token (see channels.redaction)."""
    for form in secret_forms(channel):
        text = text.replace(form, REDACTED)
    return redact_text(text)


def file_summary(data: bytes, content_type: str = "") -> str:
    """What the channel log keeps of a member's file: its size and type, never its bytes."""
    return f"[member file: {len(data)} bytes, {sniff(data) or content_type or 'unknown type'}]"


def platform_request(
    channel, action: str, method: str, url: str, *, member_file: bool = False, **kwargs
) -> httpx.Response:
    """Make one API call for a channel and log it; network failures become retryable errors.

    `member_file`: the answer is a member's file, and the log keeps only its size and type.
    """
    started = time.monotonic()
    request_text = ""
    for key in ("json", "data", "params"):
        if kwargs.get(key) is not None:
            request_text = f"{key}={kwargs[key]!r}"
            break
    entry = ChannelLog(
        org_id=channel.org_id,
        channel=channel,
        outbound_id=current_outbound.get(),
        action=action,
        url=redact(url, channel)[:500],
        request=redact(request_text, channel)[:_LOG_LIMIT],
    )
    kwargs.setdefault("timeout", httpx.Timeout(settings.PLATFORM_READ_TIMEOUT, connect=5.0))
    try:
        response = _client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        entry.error = redact(f"{type(exc).__name__}: {exc}", channel)[:_LOG_LIMIT]
        entry.elapsed_ms = int((time.monotonic() - started) * 1000)
        entry.save()
        log.warning("channel %s %s failed: %s", channel.pk, action, entry.error)
        # Connecting failed: nothing left. A read (or write) timeout: it may have arrived.
        maybe = isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout)
        raise SendError(f"{action}: {entry.error}", maybe_sent=maybe) from exc
    entry.status_code = response.status_code
    if member_file:
        entry.response = file_summary(response.content, response.headers.get("content-type", ""))
    else:
        entry.response = redact(response.text, channel)[:_LOG_LIMIT]
    entry.elapsed_ms = int((time.monotonic() - started) * 1000)
    entry.save()
    return response
