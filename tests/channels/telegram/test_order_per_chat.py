"""Sends to one chat leave in the order they were queued, across retries (issue 11, point 5).

A member once got "why are you leaving?" before "you have left": the first message drew a
429, and the next one to the same chat went out while the first waited. These tests queue
through the pipeline, send with python-telegram-bot, and read what the fake Bot API got.
"""

import contextlib
import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.channels.pump import channel_pump
from passerelle.channels.sending import outbound_queue, outbound_send
from passerelle.channels.types.base import OutboundRequest

from .conftest import AMIRA, LUC

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

_sources = itertools.count(9000)


@pytest.fixture
def queue(tg, django_capture_on_commit_callbacks):
    """Queue texts to a chat, one source each, and run the woken sender loops."""

    def _queue(chat, *texts):
        rows = []
        with django_capture_on_commit_callbacks(execute=True):
            for text in texts:
                request = OutboundRequest(text=text, recipient=str(chat))
                rows += outbound_queue(
                    org_id=tg.org_id, source_id=next(_sources), sends=[(tg, request)]
                )
        return rows

    return _queue


def received(fake, chat=None):
    """(chat, text, status) of every sendMessage the fake got, in arrival order."""
    calls = fake.calls("sendMessage")
    return [
        (c.params["chat_id"], c.params["text"], c.status)
        for c in calls
        if chat is None or c.params["chat_id"] == chat
    ]


def retry_comes_due(row):
    # The backoff is 1–3 s of wall clock: bring it forward instead of sleeping through it.
    OutboundMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def states(rows):
    by_pk = dict(OutboundMessage.objects.values_list("pk", "state"))
    return [by_pk[row.pk] for row in rows]


@pytest.mark.parametrize("preset", ["rate_limit", "server_error"])
def test_a_retry_of_the_first_of_three_keeps_them_in_order(tg, fake_telegram, queue, preset):
    """Acceptance: a 429 (or a 5xx) on message 1 of 3: Telegram receives 1, 2, 3."""
    fake_telegram.script(
        preset, match="sendMessage", **({"retry_after": 1} if preset == "rate_limit" else {})
    )
    first, second, third = rows = queue(LUC, "Vous avez quitté le groupe.", "Pourquoi ?", "Merci.")
    assert states(rows) == ["queued", "queued", "queued"]
    assert received(fake_telegram) == [
        (LUC, "Vous avez quitté le groupe.", 429 if preset == "rate_limit" else 500)
    ]
    # Another worker asking for message 2 directly is refused too: the claim checks the order.
    assert outbound_send(second.pk, now=timezone.now() + timedelta(minutes=5)) == "skipped"
    retry_comes_due(first)
    assert channel_pump(tg.pk) == "done"
    assert [text for _chat, text, status in received(fake_telegram) if status == 200] == [
        "Vous avez quitté le groupe.",
        "Pourquoi ?",
        "Merci.",
    ]
    assert states(rows) == ["sent", "sent", "sent"]
    assert OutboundMessage.objects.get(pk=third.pk).attempts == 1


def test_a_maybe_sent_first_message_holds_the_next_until_its_one_retry(
    tg, fake_telegram, queue, settings
):
    settings.PLATFORM_READ_TIMEOUT, settings.MAYBE_SENT_RETRY_SECONDS = 0.3, 60.0
    fake_telegram.latency = 0.8
    with contextlib.ExitStack() as undo:
        undo.callback(setattr, fake_telegram, "latency", 0.0)
        first, second = rows = queue(LUC, "Un", "Deux")
    first.refresh_from_db()
    assert first.maybe_sent_at is not None and states(rows) == ["queued", "queued"]
    assert outbound_send(second.pk, now=timezone.now() + timedelta(seconds=61)) == "skipped"
    retry_comes_due(first)
    channel_pump(tg.pk)
    assert [text for _chat, text, _status in received(fake_telegram)] == ["Un", "Un", "Deux"]
    assert states(rows) == ["sent", "sent"]


def test_another_chat_is_not_held_by_the_first_chats_retry(tg, fake_telegram, queue):
    fake_telegram.script("server_error", match="sendMessage")
    waiting = queue(LUC, "L1", "L2")
    other = queue(AMIRA, "A1", "A2")
    assert [(chat, text) for chat, text, status in received(fake_telegram) if status == 200] == [
        (AMIRA, "A1"),
        (AMIRA, "A2"),
    ]
    assert states(waiting) == ["queued", "queued"] and states(other) == ["sent", "sent"]
    retry_comes_due(waiting[0])
    channel_pump(tg.pk)
    assert [text for _chat, text, status in received(fake_telegram, LUC) if status == 200] == [
        "L1",
        "L2",
    ]


def test_a_permanent_failure_ends_and_the_next_message_goes(tg, fake_telegram, queue):
    fake_telegram.script("chat_not_found", match="sendMessage")
    rows = queue(LUC, "Un", "Deux", "Trois")
    assert states(rows) == ["failed", "sent", "sent"]
    assert [(text, status) for _chat, text, status in received(fake_telegram)] == [
        ("Un", 400),
        ("Deux", 200),
        ("Trois", 200),
    ]
