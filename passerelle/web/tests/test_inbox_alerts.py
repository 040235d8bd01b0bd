"""The inbox's alerts: a staff member's own settings, and what the alerts feed announces
(new private messages, new questions, questions about to breach) once each."""

import pytest
from django.utils import timezone

from passerelle.orgs.models import Role, StaffRole
from passerelle.questions.models import QuestionEvent
from passerelle.questions.tests.helpers import ask, inbound, make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(moderator):
    return moderator.staff_roles.get()


def _feed(client, service, cursor=None):
    return client.get(f"/s/{service.slug}/inbox/alerts/", cursor or {}).json()


def test_settings_are_each_staff_members_own(moderator_client, role, service):
    colleague, _r = make_staff(service, Role.MODERATOR)
    url = f"/s/{service.slug}/inbox/alerts/settings/"
    assert moderator_client.post(url, {"sound": "1", "browser": "1"}).status_code == 302
    assert StaffRole.objects.filter(pk=role.pk, alert_sound=True, alert_browser=True).exists()
    assert not StaffRole.objects.get(user=colleague).alert_sound
    page = moderator_client.get(f"/s/{service.slug}/inbox/").content.decode()
    assert 'data-sound="1" data-browser="1"' in page
    moderator_client.post(url, {"sound": "1"})
    role.refresh_from_db()
    assert (role.alert_sound, role.alert_browser) == (True, False)


def test_the_feed_announces_what_came_after_the_page_opened_once(moderator_client, role, service):
    member = make_member(service, name="Amal")
    inbound(service, member=member, private=True, text="Before the page opened")
    start = _feed(moderator_client, service)
    assert start["alerts"] == []  # nothing from before

    inbound(service, member=member, private=True, text="Bonjour, une question")
    inbound(service, member=member, text="In the group: no alert")
    question = ask(role, member=member, text="Where is the food bank?")
    QuestionEvent.objects.create(
        org=service.org,
        question=question,
        kind=QuestionEvent.Kind.DUE_SOON,
        created_at=timezone.now(),
    )
    found = _feed(moderator_client, service, {"m": start["m"], "q": start["q"]})
    assert [(a["kind"], a["body"]) for a in found["alerts"]] == [
        ("message", "Bonjour, une question"),
        ("question", "Where is the food bank?"),
        ("due_soon", "Where is the food bank?"),
    ]
    assert found["alerts"][0]["title"] == "New private message from Amal"
    assert found["alerts"][1]["url"] == f"/s/{service.slug}/questions/{question.pk}/"
    again = _feed(moderator_client, service, {"m": found["m"], "q": found["q"]})
    assert again["alerts"] == []


def test_another_services_messages_are_not_announced(moderator_client, service):
    start = _feed(moderator_client, service)
    elsewhere = make_service()
    inbound(elsewhere, member=make_member(elsewhere), private=True, text="Elsewhere")
    assert _feed(moderator_client, service, {"m": start["m"], "q": start["q"]})["alerts"] == []
