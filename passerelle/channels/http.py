"""Calls to platform APIs over plain HTTP, each written to the channel log, secrets redacted."""

import contextlib
import logging
import time
from contextvars import ContextVar

import httpx
from django.conf import settings

from passerelle.channels.models import ChannelLog
from passerelle.channels.types.base import SendError

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


def redact(text: str, channel) -> str:
    """Replace every secret of the channel (tokens, app secrets) that appears in text."""
    for value in channel.secrets.values():
        if isinstance(value, str) and len(value) >= 6:
            text = text.replace(value, REDACTED)
    return text


def platform_request(channel, action: str, method: str, url: str, **kwargs) -> httpx.Response:
    """Make one API call for a channel and log it; network failures become retryable errors."""
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
    entry.response = redact(response.text, channel)[:_LOG_LIMIT]
    entry.elapsed_ms = int((time.monotonic() - started) * 1000)
    entry.save()
    return response
