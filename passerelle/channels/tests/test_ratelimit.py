"""The shared limiter: exact sliding windows, all limits or none, shared across threads."""

import os
import threading
import uuid

import pytest
from django.db import connection

from passerelle.channels import ratelimit
from passerelle.channels.models import RateBucket
from passerelle.channels.types.base import RateLimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.RATE_LIMITS = True
    settings.RATE_LIMIT_MARGIN = 0.0
    settings.REDIS_URL = ""


def _key():
    return f"test:{uuid.uuid4().hex[:8]}"


def _use(limits, now=None):
    """Ask as a sender does and, when allowed, settle at once (an instant answer)."""
    decision = ratelimit.acquire(limits, now=now)
    if decision.allowed:
        ratelimit.settle(limits, decision.token, at=decision.retry_at)
    return decision


def _pending_behaviour():
    """The same for both limiters: a use counts from the platform's answer."""
    bot = RateLimit(_key(), 1, 1.0)
    first = ratelimit.acquire([bot], now=10.0)
    assert first.allowed and first.token
    # Unanswered, the use still counts a whole period after it was taken: it leaves the
    # window a period after its answer, which is now at the earliest …
    refused = ratelimit.acquire([bot], now=11.05)
    assert not refused.allowed and refused.retry_at == pytest.approx(12.05)
    # … and once answered it counts from the answer: a slow request cannot let the next
    # one reach the platform within its window.
    ratelimit.settle([bot], first.token, at=11.2)
    assert ratelimit.acquire([bot], now=12.1).retry_at == pytest.approx(12.2)
    assert _use([bot], now=12.21).allowed
    # A use given back (nothing was sent) frees its room at once.
    chat = RateLimit(_key(), 1, 60.0)
    taken = ratelimit.acquire([chat], now=20.0)
    assert not ratelimit.acquire([chat], now=20.5).allowed
    ratelimit.settle([chat], taken.token, at=None)
    assert ratelimit.acquire([chat], now=20.6).allowed


def _killed_worker_behaviour(settings):
    # A use its worker never settled (killed mid-call) stops counting after the hold.
    settings.PLATFORM_READ_TIMEOUT = 5.0
    chat = RateLimit(_key(), 1, 1.0)
    assert ratelimit.acquire([chat], now=100.0).allowed
    assert not ratelimit.acquire([chat], now=130.0).allowed
    assert ratelimit.acquire([chat], now=135.1).allowed


def test_a_use_counts_from_the_answer():
    _pending_behaviour()


def test_an_unsettled_use_stops_counting_after_the_hold(settings):
    _killed_worker_behaviour(settings)


def test_window_allows_the_limit_then_says_when(settings):
    bot = RateLimit(_key(), 30, 1.0)
    for i in range(30):
        assert _use([bot], now=100 + i * 0.01).allowed
    refused = _use([bot], now=100.5)
    assert not refused.allowed and refused.blocked == (bot.key,)
    assert refused.retry_at == pytest.approx(101.0)  # when the oldest use leaves the window
    assert not _use([bot], now=100.99).allowed
    assert _use([bot], now=101.001).allowed


def test_margin_stretches_the_window(settings):
    settings.RATE_LIMIT_MARGIN = 0.03
    chat = RateLimit(_key(), 1, 1.0)
    assert _use([chat], now=10).allowed
    assert _use([chat], now=11.01).retry_at == pytest.approx(11.03)


def test_all_limits_or_none():
    bot, chat = RateLimit(_key(), 30, 1.0), RateLimit(_key(), 1, 1.0)
    assert _use([bot, chat], now=0.5).allowed
    refused = _use([bot, chat], now=0.6)
    assert refused.blocked == (chat.key,)
    # The refused send took nothing from the bot's window: 29 more still fit.
    other_chats = [RateLimit(_key(), 1, 1.0) for _ in range(29)]
    assert all(_use([bot, c], now=0.7).allowed for c in other_chats)
    assert _use([bot, RateLimit(_key(), 1, 1.0)], now=0.7).blocked == (bot.key,)


def test_cost_and_oversized_sends():
    sender = RateLimit(_key(), 3, 1.0, cost=2)
    assert _use([sender], now=1).allowed
    assert not _use([sender], now=1.1).allowed  # 2 + 2 > 3
    huge = RateLimit(sender.key, 3, 1.0, cost=5)
    assert _use([huge], now=2.5).allowed  # bigger than the window: when empty
    assert not _use([huge], now=2.6).allowed


def test_penalize_blocks_until_the_platform_says():
    bot = RateLimit(_key(), 30, 1.0)
    ratelimit.penalize([bot], until=50.0)
    refused = _use([bot], now=47.0)
    assert not refused.allowed and refused.retry_at == pytest.approx(50.0)
    assert _use([bot], now=50.01).allowed


def test_off_switch(settings):
    settings.RATE_LIMITS = False
    chat = RateLimit(_key(), 1, 60.0)
    assert all(_use([chat], now=1).allowed for _ in range(3))
    assert not RateBucket.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_threads_share_one_window():
    """Two workers racing on one bucket never get more than the limit between them."""
    limit = RateLimit(_key(), 25, 3600.0)
    granted, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            for _ in range(40):
                if _use([limit]).allowed:
                    granted.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(granted) == 25
    assert len(RateBucket.objects.get(key=limit.key).hits) == 25


def _reachable_redis(url: str) -> str:
    """`url` if a Redis server answers there; otherwise skip the test, or fail it when
    PASSERELLE_REQUIRE_REDIS=1 (CI, like PASSERELLE_REQUIRE_POSTGRES): the Lua limiter
    is what production runs, and a silent skip would leave it untested."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception as exc:
        reason = f"no Redis server reachable at {url} ({type(exc).__name__})"
        if os.environ.get("PASSERELLE_REQUIRE_REDIS") == "1":
            pytest.fail(f"{reason}, and PASSERELLE_REQUIRE_REDIS=1", pytrace=False)
        pytest.skip(reason)
    return url


@pytest.fixture
def redis_url():
    return _reachable_redis(
        os.environ.get("PASSERELLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    )


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:  # a port nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/15"


def test_no_redis_skips_unless_required(monkeypatch):
    monkeypatch.delenv("PASSERELLE_REQUIRE_REDIS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Redis server reachable"):
        _reachable_redis(_closed_port_url())
    monkeypatch.setenv("PASSERELLE_REQUIRE_REDIS", "1")
    with pytest.raises(pytest.fail.Exception, match="PASSERELLE_REQUIRE_REDIS=1"):
        _reachable_redis(_closed_port_url())


def test_redis_limiter_behaves_the_same(settings, redis_url):
    settings.REDIS_URL = redis_url
    bot, chat = RateLimit(_key(), 30, 1.0), RateLimit(_key(), 1, 1.0)
    assert _use([bot, chat], now=100).allowed
    refused = _use([bot, chat], now=100.2)
    assert not refused.allowed and refused.blocked == (chat.key,)
    assert refused.retry_at == pytest.approx(101.0)
    for i in range(29):
        assert _use([bot], now=100.3 + i * 0.001).allowed
    assert _use([bot], now=100.5).blocked == (bot.key,)
    ratelimit.penalize([chat], until=200.0)
    assert _use([chat], now=199.0).retry_at == pytest.approx(200.0)
    big = RateLimit(_key(), 2, 1.0, cost=4)
    assert _use([big], now=300).allowed and not _use([big], now=300.1).allowed
    assert not RateBucket.objects.exists()  # nothing went to the database


def test_redis_two_threads_share_one_window(settings, redis_url):
    settings.REDIS_URL = redis_url
    limit = RateLimit(_key(), 25, 3600.0)
    granted = []

    def worker():
        for _ in range(40):
            if _use([limit]).allowed:
                granted.append(1)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(granted) == 25


def test_windows_nobody_used_for_an_hour_are_dropped():
    from datetime import timedelta

    from django.utils import timezone

    fresh, old = RateLimit(_key(), 1, 1.0), RateLimit(_key(), 1, 1.0)
    _use([fresh, old], now=5)
    RateBucket.objects.filter(key=old.key).update(updated_at=timezone.now() - timedelta(hours=2))
    assert ratelimit.stale_buckets_delete() == 1
    assert list(RateBucket.objects.values_list("key", flat=True)) == [fresh.key]


def test_redis_use_counts_from_the_answer(settings, redis_url):
    settings.REDIS_URL = redis_url
    _pending_behaviour()
    _killed_worker_behaviour(settings)
    assert not RateBucket.objects.exists()
