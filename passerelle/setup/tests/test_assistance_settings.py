"""The language assistance section of the service settings: each part on or off, audited."""

import pytest

from passerelle.orgs.models import ASSISTANCE_PARTS, Role, StaffEvent
from passerelle.orgs.services import service_assistance_set
from passerelle.testing.factories import login_verified, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, service):
    user, _role = make_staff(service, Role.ADMIN)
    login_verified(client, user)
    return client


def test_every_part_is_shown_with_its_default(admin_client, service):
    page = admin_client.get(f"/s/{service.slug}/settings/").content.decode()
    assert "Language assistance" in page
    for part in ASSISTANCE_PARTS:
        assert f'name="{part}"' in page
    assert f"/s/{service.slug}/moderation/words/" in page
    assert all(service.assistance_on(p) for p in ASSISTANCE_PARTS if p != "transcripts")
    assert not service.assistance_on("transcripts")


def test_parts_turned_off_and_on_again(admin_client, service):
    url = f"/s/{service.slug}/settings/"
    # Unchecked boxes are not sent: language and offensive are turned off.
    response = admin_client.post(
        url, {"action": "assistance", "faq": "on", "labels": "on", "personal_details": "on"}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.assistance == {"language": False, "offensive": False}
    assert not service.assistance_on("language") and service.assistance_on("faq")
    event = StaffEvent.objects.filter(kind="settings_changed").latest("id")
    assert event.data["fields"] == ["assistance"]
    admin_client.post(
        url,
        {
            "action": "assistance",
            **{p: "on" for p in ("language", "faq", "labels", "personal_details", "offensive")},
        },
    )
    service.refresh_from_db()
    assert service.assistance == {}


def test_transcripts_stay_off_whatever_is_sent(admin_client, service):
    admin_client.post(f"/s/{service.slug}/settings/", {"action": "assistance", "transcripts": "on"})
    service.refresh_from_db()
    assert not service.assistance_on("transcripts")


def test_only_an_administrator_changes_them(client, service):
    user, role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    response = client.post(f"/s/{service.slug}/settings/", {"action": "assistance"})
    assert response.status_code in (302, 403, 404)
    service.refresh_from_db()
    assert service.assistance == {}
    with pytest.raises(Exception, match="(?i)permission|not allowed|cannot"):
        service_assistance_set(role=role, parts={"faq": False})


def test_an_unknown_part_is_refused(service):
    _user, role = make_staff(service, Role.ADMIN)
    with pytest.raises(Exception, match="Unknown part"):
        service_assistance_set(role=role, parts={"weather": True})
