"""Per role: only organisation administrators set services up and manage staff; a
volunteer moderates without members' intake answers or private files, unless the service
allows them."""

import pytest

from passerelle.orgs.models import Role
from passerelle.setup.tests.intake_data import SECRET_ANSWER, member_waiting
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db
REFUSED = [Role.MODERATOR, Role.VOLUNTEER, Role.PARTNER, Role.VIEWER]


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_neither_set_up_services_nor_manage_staff(client, service, name):
    make_staff(service, Role.ADMIN)
    user, _role = make_staff(service, name)
    login_verified(client, user)
    assert client.get("/services/new/").status_code == 403
    assert client.post("/services/new/1/", {"name": "x"}).status_code == 403
    assert client.get(f"/s/{service.slug}/staff/").status_code == 404
    response = client.post(
        f"/s/{service.slug}/staff/", {"action": "invite", "email": "x@example.org", "role": "admin"}
    )
    assert response.status_code == 404
    assert client.get(f"/s/{service.slug}/settings/").status_code == 404
    assert (
        client.post(f"/s/{service.slug}/settings/archive/", {"confirmed": "1"}).status_code == 404
    )
    service.refresh_from_db()
    assert not service.is_archived and not service.invitations.exists()


def test_an_administrator_of_another_organisation_cannot_use_this_one(client, service):
    elsewhere = make_service()
    user, _role = make_staff(elsewhere, Role.ADMIN)
    login_verified(client, user)
    page = client.get("/services/new/").content.decode()
    assert elsewhere.org.name in page and service.org.name not in page
    assert client.get(f"/s/{service.slug}/staff/").status_code == 404


def test_an_administrator_sees_the_staff_page_and_settings(client, service):
    user, _role = make_staff(service, Role.ADMIN, email="boss@example.org")
    login_verified(client, user)
    staff = client.get(f"/s/{service.slug}/staff/").content.decode()
    assert "boss@example.org" in staff and "Invite someone" in staff
    settings = client.get(f"/s/{service.slug}/settings/").content.decode()
    assert f"/s/{service.slug}/questions/standard/" in settings
    assert f"/s/{service.slug}/join-settings/" in settings


@pytest.mark.parametrize("allowed", [False, True])
def test_a_volunteer_sees_intake_answers_and_private_files_only_if_allowed(
    client, service, allowed
):
    membership, photo = member_waiting(service)
    service.volunteers_see_private = allowed
    service.save()
    user, _role = make_staff(service, Role.VOLUNTEER)
    login_verified(client, user)
    queue = client.get(f"/s/{service.slug}/moderation/").content.decode()
    member = client.get(f"/s/{service.slug}/moderation/members/{membership.pk}/").content.decode()
    media = client.get(f"/s/{service.slug}/messages/{photo.pk}/media/")
    if allowed:
        assert SECRET_ANSWER in queue and SECRET_ANSWER in member
        assert media.status_code != 403
    else:
        assert "Rana" in queue  # the join request is there, to decide
        assert SECRET_ANSWER not in queue and SECRET_ANSWER not in member
        assert "hidden from volunteers" in member
        assert media.status_code == 403


def test_a_moderator_sees_the_answers(client, service):
    membership, _photo = member_waiting(service)
    user, _role = make_staff(service, Role.MODERATOR)
    login_verified(client, user)
    member = client.get(f"/s/{service.slug}/moderation/members/{membership.pk}/").content.decode()
    assert SECRET_ANSWER in member
