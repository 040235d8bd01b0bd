"""python-telegram-bot driven from synchronous workers; every API call in the ChannelLog.

PTB 22 is asyncio-only. A worker thread keeps one event loop and one Bot per token, so
the HTTP connections to the Bot API stay open between sends instead of a new loop and a
new TLS handshake per message. Each call runs to completion on that loop; the request
class below records it, and the records are written to ChannelLog once the call returns
(the ORM is synchronous and must not run inside the loop), secrets redacted.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
import threading
import time
import warnings
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TypeVar

import httpx
import telegram
from django.conf import settings
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from passerelle.channels.http import current_outbound, file_summary, redact
from passerelle.channels.models import ChannelLog
from passerelle.channels.redaction import redact_text
from passerelle.channels.types.base import SendError

T = TypeVar("T")
DEFAULT_API = "https://api.telegram.org"
_LOG_LIMIT = 4000
_local = threading.local()
# The list the current call's HTTP exchanges are appended to (see LoggedRequest).
_calls: contextvars.ContextVar[list | None] = contextvars.ContextVar("tg_calls", default=None)
_downloading: contextvars.ContextVar[bool] = contextvars.ContextVar("tg_file", default=False)


class LoggedRequest(HTTPXRequest):
    """PTB's httpx transport, noting every exchange for the channel log."""

    async def retrieve(self, url, *args, **kwargs):
        # PTB downloads files (members' voice notes, photos, documents) through retrieve.
        downloading = _downloading.set(True)
        try:
            return await super().retrieve(url, *args, **kwargs)
        finally:
            _downloading.reset(downloading)

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        calls = _calls.get()
        started = time.monotonic()
        entry = {"url": url, "request": _describe(request_data)}
        try:
            code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        except Exception as exc:
            entry.update(error=f"{type(exc).__name__}: {exc}", elapsed=time.monotonic() - started)
            if calls is not None:
                calls.append(entry)
            raise
        if _downloading.get():
            response = file_summary(payload)  # a member's file: never its bytes in the log
        else:
            response = payload[:_LOG_LIMIT].decode("utf-8", "replace")
        entry.update(status=code, response=response, elapsed=time.monotonic() - started)
        if calls is not None:
            calls.append(entry)
        return code, payload


def _describe(request_data) -> str:
    if request_data is None:
        return ""
    params = dict(request_data.json_parameters)
    for name in request_data.multipart_data or {}:
        params[name] = "[file]"
    return repr(params)


def api_base(channel) -> str:
    """The Bot API server: Telegram's, or channel.config["api_base_url"] (self-hosted, tests)."""
    return (channel.config.get("api_base_url") or DEFAULT_API).rstrip("/")


def _bot(channel) -> telegram.Bot:
    token, base = channel.secrets.get("token", ""), api_base(channel)
    bots = getattr(_local, "bots", None)
    if bots is None:
        bots = _local.bots = {}
    key = (token, base, settings.PLATFORM_READ_TIMEOUT)
    bot = bots.get(key)
    if bot is None:
        bot = telegram.Bot(
            token,
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=LoggedRequest(
                connection_pool_size=8, read_timeout=settings.PLATFORM_READ_TIMEOUT
            ),
            get_updates_request=LoggedRequest(connection_pool_size=1),
        )
        bots[key] = bot
    return bot


def _run(coro: Awaitable[T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop = getattr(_local, "loop", None)
        if loop is None or loop.is_closed():
            loop = _local.loop = asyncio.new_event_loop()
        return loop.run_until_complete(coro)
    # Called from async code (its loop is busy in this thread): run on a helper thread.
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()


def call(channel, action: str, make: Callable[[telegram.Bot], Awaitable[T]]) -> T:
    """Make one Bot API call for a channel from synchronous code; logged, token redacted.

    Raises PTB's own errors; `send_error` says what they mean for a send.
    """
    if not channel.secrets.get("token"):
        raise InvalidToken("this channel has no bot token")
    calls: list = []
    reset = _calls.set(calls)
    try:
        return _run(make(_bot(channel)))
    finally:
        _calls.reset(reset)
        _write(channel, action, calls)


def _write(channel, action: str, calls: list) -> None:
    def clean(text: str) -> str:
        return redact_text(redact(text, channel))[:_LOG_LIMIT]

    ChannelLog.objects.bulk_create(
        [
            ChannelLog(
                org_id=channel.org_id,
                channel=channel,
                outbound_id=current_outbound.get(),
                action=action,
                url=clean(entry["url"])[:500],
                request=clean(entry.get("request", "")),
                status_code=entry.get("status"),
                response=clean(entry.get("response", "")),
                elapsed_ms=int(entry["elapsed"] * 1000),
                error=clean(entry.get("error", "")),
            )
            for entry in calls
        ]
    )


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB warns that the type will become a timedelta
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


STOPPED = re.compile(r"bot was blocked by the user|user is deactivated", re.IGNORECASE)


def send_error(exc: TelegramError, channel=None) -> SendError:
    """What a PTB error means for a send: wait, try again later, or give up."""
    text = redact_text(redact(str(exc), channel) if channel is not None else str(exc))
    if isinstance(exc, RetryAfter):
        return SendError(f"Telegram: {text}", retry_after=retry_seconds(exc))
    if isinstance(exc, InvalidToken):
        return SendError("Telegram refused the bot token (revoked?)", permanent=True)
    if isinstance(exc, Forbidden) and STOPPED.search(str(exc)):
        # The person blocked the bot or deleted their account: nothing more until they write.
        return SendError(f"Telegram: {text}", contact_stopped=True)
    if isinstance(exc, Forbidden | BadRequest | ChatMigrated):
        # Blocked by the person, removed from the group, chat not found, bad content.
        return SendError(f"Telegram: {text}", permanent=True)
    if isinstance(exc, TimedOut) and isinstance(
        exc.__cause__, httpx.ReadTimeout | httpx.WriteTimeout
    ):
        # The request left and no answer came: Telegram may have delivered it.
        return SendError(f"Telegram did not answer in time: {text}", maybe_sent=True)
    if isinstance(exc, TimedOut | NetworkError):
        return SendError(f"Telegram unreachable or failing: {text}")
    return SendError(f"Telegram: {text}")
