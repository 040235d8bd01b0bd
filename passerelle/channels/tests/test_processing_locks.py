"""Processing a raw event locks that event only, never its channel, service or organization:
otherwise every worker and every incoming webhook of the channel would queue behind it."""

import threading

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from passerelle.channels.inbound import raw_event_process
from passerelle.channels.models import RawEvent
from passerelle.testing.factories import sim_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_processing_does_not_lock_the_channel_row(sim_channel, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers as a whole")
    event = RawEvent.objects.create(
        org=sim_channel.org,
        channel=sim_channel,
        external_id="lock-1",
        body=sim_body().decode(),
        received_at=timezone.now(),
    )
    inside, release = threading.Event(), threading.Event()
    channel_type = type(sim_channel.channel_type)
    real_parse = channel_type.parse

    def parse_and_wait(self, channel, body):
        inside.set()
        release.wait(10)
        return real_parse(self, channel, body)

    monkeypatch.setattr(channel_type, "parse", parse_and_wait)

    def process():
        try:
            raw_event_process(event.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=process)
    worker.start()
    try:
        assert inside.wait(10)
        for table in ("channels_channel", "communities_service", "orgs_organization"):
            pk = {
                "channels_channel": sim_channel.pk,
                "communities_service": sim_channel.service_id,
                "orgs_organization": sim_channel.org_id,
            }[table]
            with connection.cursor() as cursor:
                # What a webhook's INSERT does for its foreign key: it must not wait.
                try:
                    cursor.execute(
                        f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE NOWAIT", [pk]
                    )
                except OperationalError:
                    pytest.fail(f"processing an event locked a row of {table}")
    finally:
        release.set()
        worker.join()
    assert RawEvent.objects.get(pk=event.pk).processed_at is not None
