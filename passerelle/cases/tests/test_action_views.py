"""The protocol's pages: the actions on the file, from the inbox, with confirmation for
the destructive ones; a volunteer gets none of it."""

import pytest
from django.core import mail

from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.tests.helpers import case_settings, caseworker, client_says, make_file
from passerelle.orgs.models import Role

pytestmark = pytest.mark.django_db
Kind = CaseEvent.Kind


@pytest.fixture
def setup(client, service):
    service.mode = "one_to_one"
    service.save(update_fields=["mode"])
    case_settings(service)
    user, role = caseworker(service)
    client.force_login(user)
    return client, role, make_file(service, language="en", emergency_contacts="Aunt 555-0123")


def _url(file, action=""):
    return f"/s/{file.service.slug}/cases/{file.pk}/{action}"


def test_the_protocol_page_proposes_the_next_step(setup):
    client, _role, file = setup
    page = client.get(_url(file, "protocol/")).content.decode()
    assert "Mark urgent: risk to safety" in page and "Re-send the acceptable topics" in page
    assert "Send the in-person invitation" in page and "Save the plan" in page
    client.post(_url(file, "off-topic/"), {"reason": "Not our topic"})
    page = client.get(_url(file, "protocol/")).content.decode()
    assert "Invite to come in person" in page


def test_urgent_from_the_inbox_message_then_the_file_shows_the_emergency(setup, client):
    _c, _role, file = setup
    message = client_says(file, "I want to commit suicide")
    inbox = client.get(f"/s/{file.service.slug}/inbox/?thread={message.thread_id}").content.decode()
    assert "Possibly urgent" in inbox  # the keyword list suggests, nothing is marked
    assert f'name="message" value="{message.pk}"' in inbox
    response = client.post(_url(file, "urgent/"), {"message": message.pk, "next": "/s/x/"})
    assert response.status_code == 302 and response["Location"] == "/s/x/"
    file.refresh_from_db()
    assert file.urgent_message == message
    page = client.get(_url(file, "protocol/")).content.decode()
    assert "Aunt 555-0123" in page and "call 911" in page and "Clear the urgency" in page
    inbox = client.get(f"/s/{file.service.slug}/inbox/").content.decode()
    assert 'id="urgent-notice"' in inbox
    alerts = client.get(f"/s/{file.service.slug}/inbox/alerts/?m=0&q=0&u=0").json()
    assert [a["kind"] for a in alerts["alerts"] if a["kind"] == "urgent"] == ["urgent"]
    assert mail.outbox == []  # the scheduler's tick sends it (test_protocol)


def test_ending_asks_for_confirmation_first(setup):
    client, _role, file = setup
    response = client.post(_url(file, "end/"), {"reason": "Threats to staff"})
    assert response.status_code == 200 and b"End the service" in response.content
    file.refresh_from_db()
    assert file.status == ClientFile.Status.ENROLLED
    client.post(_url(file, "end/"), {"reason": "Threats to staff", "confirmed": "1"})
    file.refresh_from_db()
    assert file.status == ClientFile.Status.CLOSED


def test_limit_confirmed_then_the_inbox_shows_the_client_limited(setup):
    client, _role, file = setup
    message = client_says(file, "hello again")
    client.post(
        _url(file, "limit/"), {"weekdays": ["1", "3"], "reason": "Too many", "confirmed": "1"}
    )
    file.refresh_from_db()
    assert file.status == ClientFile.Status.LIMITED and file.limited_weekdays == [1, 3]
    inbox = client.get(f"/s/{file.service.slug}/inbox/?thread={message.thread_id}").content.decode()
    assert "Limited: replies only on Tuesday, Thursday" in inbox and "Limited client" in inbox


def test_an_error_is_shown_not_raised(setup):
    client, _role, file = setup
    response = client.post(_url(file, "off-topic/"), {"reason": ""}, follow=True)
    assert b"Say why the message is off topic" in response.content
    assert not file.events.exists()


def test_a_volunteer_has_no_protocol(client, service):
    file = make_file(service)
    user, _role = caseworker(service, Role.VOLUNTEER)
    client.force_login(user)
    assert client.get(_url(file, "protocol/")).status_code == 404
    assert client.post(_url(file, "urgent/")).status_code == 404
    assert not file.events.filter(kind=Kind.URGENT).exists()
