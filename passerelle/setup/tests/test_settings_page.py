"""Service settings: every answer of the wizard changed later, each save audited; the
volunteers' setting; archiving asks first, then makes the service read-only."""

import pytest

from passerelle.orgs.models import Role, Service, StaffEvent
from passerelle.testing.factories import login_verified, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, service):
    user, _role = make_staff(service, Role.ADMIN)
    login_verified(client, user)
    return client


def test_general_settings_change_name_languages_and_time_zone(admin_client, service):
    url = f"/s/{service.slug}/settings/"
    response = admin_client.post(
        url,
        {
            "action": "general",
            "name": "Nouveau nom",
            "audience": "Familles",
            "language_1": "fr",
            "language_2": "ar",
            "language_3": "",
            "timezone": "America/Halifax",
        },
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.languages, service.timezone) == (
        "Nouveau nom",
        ["fr", "ar"],
        "America/Halifax",
    )
    event = StaffEvent.objects.get(kind="settings_changed")
    assert set(event.data["fields"]) == {"name", "audience", "languages", "timezone"}


def test_bad_settings_say_why(admin_client, service):
    url = f"/s/{service.slug}/settings/"
    data = {"action": "general", "name": "X", "language_1": "fr", "language_2": "fr"}
    response = admin_client.post(url, {**data, "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Unknown time zone: Mars/Olympus" in page
    response = admin_client.post(url, {**data, "timezone": "America/Toronto"})
    assert "Choose each language once." in response.content.decode()


def test_volunteers_setting_and_mode(admin_client, service):
    url = f"/s/{service.slug}/settings/"
    admin_client.post(url, {"action": "volunteers", "volunteers_see_private": "on"})
    admin_client.post(url, {"action": "mode", "mode": "one_way"})
    service.refresh_from_db()
    assert service.volunteers_see_private and service.mode == Service.Mode.ONE_WAY


def test_archiving_asks_first(admin_client, service):
    url = f"/s/{service.slug}/settings/archive/"
    first = admin_client.post(url, {})
    assert first.status_code == 200 and "Please confirm" in first.content.decode()
    service.refresh_from_db()
    assert not service.is_archived
    assert admin_client.post(url, {"confirmed": "1"}).status_code == 302
    service.refresh_from_db()
    assert service.is_archived
    page = admin_client.get(f"/s/{service.slug}/settings/").content.decode()
    assert "read-only, nothing more is sent" in page
