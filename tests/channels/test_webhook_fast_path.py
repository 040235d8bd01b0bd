"""The WSGI application answers platform webhooks before Django's URL map and middleware.

Driven through passerelle.wsgi.application itself (httpx's WSGI transport), as gunicorn
calls it; the other webhook tests go through Django's test client and the full stack.
"""

import httpx
import pytest
from django.db import connection

from passerelle.channels.models import RawEvent
from passerelle.channels.types.native import sign
from passerelle.conversations.models import Message
from passerelle.testing.factories import sim_body
from passerelle.wsgi import application

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def http():
    with httpx.Client(
        transport=httpx.WSGITransport(app=application), base_url="http://127.0.0.1"
    ) as client:
        yield client


def _post(http, channel, body, signature=None):
    return http.post(
        f"/webhooks/{channel.uuid}/",
        content=body,
        headers={
            "X-Passerelle-Signature": signature or sign(channel.secrets["signing_secret"], body),
            "Content-Type": "application/json",
        },
    )


def test_a_webhook_is_stored_and_answered_without_the_middleware(http, sim_channel):
    body = sim_body(event_id="fast-1", text="bonjour")
    response = _post(http, sim_channel, body)
    assert response.status_code == 200 and response.text == "ok"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # What the middleware would have added: none of it is there.
    for header in ("Set-Cookie", "Content-Security-Policy", "Content-Language", "Vary"):
        assert header not in response.headers, header
    assert RawEvent.objects.get().external_id == "fast-1"
    assert Message.objects.get().text == "bonjour"  # inline tasks in tests: processed

    again = _post(http, sim_channel, body)
    assert again.status_code == 200 and again.text == "duplicate"
    assert RawEvent.objects.count() == 1


def test_its_checks_still_apply(http, sim_channel):
    body = sim_body(event_id="fast-2")
    assert _post(http, sim_channel, body, signature="sha256=00").status_code == 403
    assert http.get(f"/webhooks/{sim_channel.uuid}/").status_code == 405
    refused = http.post(
        f"http://evil.example/webhooks/{sim_channel.uuid}/",
        content=body,
        headers={"X-Passerelle-Signature": sign(sim_channel.secrets["signing_secret"], body)},
    )
    assert refused.status_code == 400  # a host we do not serve, as under the middleware
    assert not RawEvent.objects.exists()


def test_every_other_path_goes_through_django(http, sim_channel):
    page = http.get("/login/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    not_a_uuid = http.post("/webhooks/not-a-uuid/", content=b"{}")
    assert not_a_uuid.status_code == 404 and "Content-Security-Policy" in not_a_uuid.headers


def test_a_dead_database_connection_costs_no_delivery(http, sim_channel):
    if connection.vendor != "postgresql":
        pytest.skip("a server connection to end; SQLite has none")
    import psycopg

    assert _post(http, sim_channel, sim_body(event_id="alive-1")).text == "ok"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    # The server ends the kept connection between two webhooks (a restart, a failover):
    # with no `SELECT 1` before the INSERT, the INSERT notices and the view runs again.
    with psycopg.connect(**connection.get_connection_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert _post(http, sim_channel, sim_body(event_id="alive-2")).text == "ok"
    assert sorted(RawEvent.objects.values_list("external_id", flat=True)) == [
        "alive-1",
        "alive-2",
    ]
