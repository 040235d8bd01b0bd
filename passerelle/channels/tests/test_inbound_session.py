"""The inbound loop's own PostgreSQL connection: commits that don't wait for the WAL flush,
statements bound and prepared on the server, set once per connection."""

import pytest
from django.db import connection
from django.utils import timezone

from passerelle.channels import inbound
from passerelle.channels.models import RawEvent
from passerelle.testing.factories import sim_body

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sessions"),
    # The connection is closed at the end (its settings must not reach the next test).
    pytest.mark.django_db(transaction=True),
]


def _value(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_the_inbound_session_is_set_once_and_its_events_are_stored_once(sim_channel):
    try:
        session = inbound._inbound_session(None)
        assert session is connection.connection
        assert inbound._inbound_session(session) is session  # nothing more on the same one
        assert _value("SHOW synchronous_commit") == "off"
        for n in range(4):
            body = sim_body(sender=f"telegram-{n}", chat="private", text=f"Bonjour {n}")
            RawEvent.objects.create(
                org_id=sim_channel.org_id,
                channel=sim_channel,
                external_id=f"session-{n}",
                body=body.decode(),
                received_at=timezone.now(),
            )
        while inbound.raw_events_claim(limit=1):
            pass
        # The event's statements ran four times: prepared after the second.
        assert _value("SELECT count(*) FROM pg_prepared_statements") > 0
        processed = RawEvent.objects.filter(processed_at__isnull=False, error="")
        assert processed.count() == 4
        assert not RawEvent.objects.filter(processed_at__isnull=True).exists()
    finally:
        connection.close()


def test_prepared_statements_can_be_turned_off(sim_channel, settings):
    settings.INBOUND_PREPARE = False
    try:
        inbound._inbound_session(None)
        assert _value("SHOW synchronous_commit") == "off"
        for _ in range(3):
            inbound.raw_events_claim(limit=1)
        assert _value("SELECT count(*) FROM pg_prepared_statements") == 0
    finally:
        connection.close()
