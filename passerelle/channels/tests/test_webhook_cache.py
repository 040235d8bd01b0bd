"""The webhook's per-process channel cache keeps real channels, whatever else is called."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passerelle.channels import webhooks
from passerelle.testing.factories import post_signed, sim_body


@pytest.fixture
def cache(settings):
    settings.WEBHOOK_CHANNEL_CACHE_SECONDS = 60
    webhooks._channel_cache.clear()
    yield webhooks._channel_cache
    webhooks._channel_cache.clear()


def _channel_lookups(queries) -> int:
    return sum('FROM "channels_channel"' in q["sql"] for q in queries)


def test_random_uuids_neither_fill_the_cache_nor_evict_a_real_channel(client, sim_channel, cache):
    assert post_signed(client, sim_channel, sim_body()).status_code == 200
    assert (
        client.post(f"/webhooks/{uuid.uuid4()}/", data=b"{}", content_type="x/y").status_code == 404
    )
    for _ in range(1100):  # more than the cache ever held: the lookup the view makes
        assert webhooks._active_channel(uuid.uuid4()) is None
    assert list(cache) == [sim_channel.uuid]
    with CaptureQueriesContext(connection) as queries:
        assert post_signed(client, sim_channel, sim_body()).status_code == 200
    assert _channel_lookups(queries) == 0


def test_the_cache_is_bounded_and_evicts_the_least_recently_used(cache, service):
    from passerelle.testing.factories import make_channel

    channels = [make_channel(service) for _ in range(3)]
    size, webhooks.CHANNEL_CACHE_SIZE = webhooks.CHANNEL_CACHE_SIZE, 2
    try:
        for channel in channels[:2]:
            webhooks._active_channel(channel.uuid)
        webhooks._active_channel(channels[0].uuid)  # used again: the second is the oldest
        webhooks._active_channel(channels[2].uuid)
    finally:
        webhooks.CHANNEL_CACHE_SIZE = size
    assert list(cache) == [channels[0].uuid, channels[2].uuid]


def test_a_channel_created_after_an_unknown_call_is_found_at_once(client, service, cache):
    from passerelle.testing.factories import make_channel

    future = uuid.uuid4()
    assert webhooks._active_channel(future) is None
    channel = make_channel(service)
    channel.uuid = future
    channel.save()
    assert webhooks._active_channel(future) == channel
