"""A platform slower than the client's timeout: the reply is "maybe sent", retried once
after a longer wait, never in a loop, and the inbox says it may have arrived twice
(issue 9, finding 10)."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.channels.sending import outbound_send
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def later():
    return timezone.now() + timedelta(seconds=61)


@contextlib.contextmanager
def slow(fake, seconds):
    fake.latency = seconds
    try:
        yield
    finally:
        fake.latency = 0.0


@pytest.fixture
def reply(tg, deliver, settings, django_capture_on_commit_callbacks):
    settings.PLATFORM_READ_TIMEOUT, settings.MAYBE_SENT_RETRY_SECONDS = 0.3, 60.0
    deliver("private_text")
    role = make_staff(tg.service, Role.MODERATOR)[1]

    def _reply(text="Demain à 9 h."):
        with django_capture_on_commit_callbacks(execute=True):
            message_reply(role=role, thread=Thread.objects.get(kind="private"), text=text)
        return OutboundMessage.objects.get(text=text)

    return _reply


def test_a_platform_that_never_answers_in_time_gets_the_reply_twice_at_most(reply, fake_telegram):
    with slow(fake_telegram, 0.8):
        row = reply()
        row.refresh_from_db()
        assert row.state == "queued" and row.maybe_sent_at is not None
        assert outbound_send(row.pk) == "skipped"  # not before the longer wait
        for _ in range(3):  # the sender coming back, again and again
            outbound_send(row.pk, now=later())
    row.refresh_from_db()
    assert row.state == "failed" and "may have been delivered" in row.error
    assert len(fake_telegram.calls("sendMessage")) == 2  # never a third time


def test_an_answer_on_the_retry_is_sent_and_the_inbox_says_maybe_twice(
    reply, fake_telegram, moderator_client, tg
):
    with slow(fake_telegram, 0.8):
        row = reply("Le rendez-vous est confirmé.")
    assert outbound_send(row.pk, now=later()) == "sent"
    row.refresh_from_db()
    assert row.state == "sent" and row.maybe_sent_at is not None
    assert len(fake_telegram.calls("sendMessage")) == 2
    make_staff(tg.service, Role.MODERATOR, email="mod2@example.org")
    thread = Thread.objects.get(kind="private")
    page = moderator_client.get(f"/s/{tg.service.slug}/inbox/?thread={thread.pk}")
    assert "may have been delivered twice" in page.content.decode()


def test_a_platform_that_answers_in_time_is_sent_once(reply, fake_telegram):
    row = reply()
    row.refresh_from_db()
    assert row.state == "sent" and row.maybe_sent_at is None
    assert len(fake_telegram.calls("sendMessage")) == 1
