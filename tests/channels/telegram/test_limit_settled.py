"""A send's use of the bot's window counts from the platform's answer, not from asking.

The bot limit was once exceeded at the platform while our own windows said it was kept:
a busy worker took its room, then its request left late, and the next window's requests
overtook it. Counting each use from the answer, which comes after the platform counted
the request, closes that gap whatever the delay.
"""

import time

import pytest

from passerelle.channels.models import RateBucket
from passerelle.channels.sending import outbound_queue, outbound_send
from passerelle.channels.types.base import OutboundRequest

from .conftest import AMIRA

pytestmark = [
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.RATE_LIMITS = True
    settings.REDIS_URL = ""


def _queued(tg, text):
    request = OutboundRequest(text=text, recipient=str(AMIRA))
    return outbound_queue(org_id=tg.org_id, source_id=None, sends=[(tg, request)])[0]


def test_a_slow_answer_moves_the_use_to_when_it_came(tg, fake_telegram):
    fake_telegram.latency = 0.3
    row = _queued(tg, "مرحبا")
    asked = time.time()
    assert outbound_send(row.pk) == "sent"
    bot = RateBucket.objects.get(key=f"telegram:{tg.channel_type.bot_id(tg)}")
    assert bot.pending == []
    assert len(bot.hits) == 1 and bot.hits[0] >= asked + 0.3
    # The fake got the request before answering it: the use is never counted early.
    (call,) = fake_telegram.calls("sendMessage")
    assert call.status == 200


def test_a_send_refused_before_any_call_gives_its_room_back(tg, fake_telegram):
    from passerelle.channels.contacts import contact_stop

    contact_stop(channel=tg, address=str(AMIRA), reason="blocked the bot")
    row = _queued(tg, "hello")
    assert outbound_send(row.pk) == "failed"
    assert fake_telegram.calls("sendMessage") == []
    for bucket in RateBucket.objects.all():
        assert bucket.pending == [] and bucket.hits == []
