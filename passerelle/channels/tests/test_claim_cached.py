"""The worker's claim with the channel rows kept a few seconds (production's setting).

Tests run with the cache off, so every other test claims through the ORM's join; these
run the production path: the same events processed, fresh instances for each event, and a
change to the channel or its service seen once the rows are older than the setting.
"""

import time

import pytest
from django.utils import timezone

from passerelle.channels import inbound
from passerelle.channels.inbound import raw_events_claim
from passerelle.channels.models import RawEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.WEBHOOK_CHANNEL_CACHE_SECONDS = 60.0
    inbound._channel_rows.clear()
    yield
    inbound._channel_rows.clear()


def _store(channel, n):
    return RawEvent.objects.create(
        org_id=channel.org_id,
        channel=channel,
        external_id=f"cached-{n}",
        body="{}",
        received_at=timezone.now(),
    )


def test_claimed_events_carry_their_channel_service_and_org_fresh_each_time(
    cached, sim_channel, monkeypatch
):
    seen = []
    events = [_store(sim_channel, n) for n in range(3)]

    def parse(channel, body):
        seen.append(channel)
        channel.config["touched"] = True  # must not reach the next event's instance
        return []

    monkeypatch.setattr(sim_channel.channel_type, "parse", parse)
    assert raw_events_claim(limit=1) == 1
    assert raw_events_claim(limit=2) == 2
    assert raw_events_claim(limit=1) == 0
    assert [c.pk for c in seen] == [sim_channel.pk] * 3
    assert len({id(c) for c in seen}) == 3
    assert len({id(c.service) for c in seen}) == 3
    assert all(c.service.pk == sim_channel.service_id for c in seen)
    assert all(c.org.pk == sim_channel.org_id for c in seen)
    assert all(c.secrets == sim_channel.secrets for c in seen)
    assert all(c.config.get("touched") for c in seen)
    assert "touched" not in inbound._channel_with_service(sim_channel.pk).config
    for event in events:
        event.refresh_from_db()
        assert event.processed_at is not None and event.attempts == 1


def test_a_change_to_the_service_is_seen_once_the_rows_are_older_than_the_setting(
    cached, sim_channel, settings
):
    _store(sim_channel, 10)
    assert raw_events_claim(limit=1) == 1
    sim_channel.service.name = "Renamed"
    sim_channel.service.save()
    assert inbound._channel_with_service(sim_channel.pk).service.name != "Renamed"
    settings.WEBHOOK_CHANNEL_CACHE_SECONDS = 0.001
    time.sleep(0.01)
    assert inbound._channel_with_service(sim_channel.pk).service.name == "Renamed"
