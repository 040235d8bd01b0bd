"""Fake Telegram, Graph (WhatsApp Cloud + Messenger), Twilio and Web Push servers for
tests and benchmarks: stdlib HTTP servers on 127.0.0.1:0 that answer with the
platforms' real JSON shapes, record every request, play scripted errors and
count rate-limit violations. See each module's docstring for the API."""

from .base import RecordedRequest, Reply
from .graph import FakeGraph
from .telegram import FakeTelegram
from .twilio import FakeTwilio, num_segments
from .webpush import FakePushService

__all__ = [
    "FakeGraph",
    "FakePushService",
    "FakeTelegram",
    "FakeTwilio",
    "RecordedRequest",
    "Reply",
    "num_segments",
]
