"""Admins edit; moderators read; partners and viewers see nothing (404, as for a service
that does not exist), and no role can write through the services without "plan"."""

import pytest
from django.core.exceptions import PermissionDenied

from passerelle.orgs.models import Role
from passerelle.planning import services
from passerelle.planning.models import ChecklistVersion, Risk
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


def _client_for(client, service, role):
    user, staff = make_staff(service, role)
    if role == Role.ADMIN:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client, staff


def _urls(service):
    services.risk_register_start(service=service)
    risk = Risk.objects.filter(service=service).first()
    base = f"/s/{service.slug}/planning/"
    read = [
        base,
        base + "readiness/",
        base + "readiness.xlsx",
        base + "platforms/",
        base + "platforms.xlsx",
        base + "policies/",
        base + "policies.xlsx",
        base + "policies/privacy/fr/history/",
        base + "risks/",
        base + "risks.xlsx",
        base + "maturity/",
        base + "maturity.xlsx",
    ]
    edit = [
        base + "readiness/edit/",
        base + "platforms/edit/",
        base + "policies/privacy/fr/",
        base + "risks/new/",
        f"{base}risks/{risk.pk}/",
        base + "maturity/assess/",
    ]
    return read, edit, f"{base}risks/{risk.pk}/delete/"


@pytest.fixture
def service(db):
    return make_service(languages=("fr", "ar"))


def test_an_admin_reads_and_edits(client, service):
    client, _ = _client_for(client, service, Role.ADMIN)
    read, edit, _delete = _urls(service)
    for url in read + edit:
        assert client.get(url).status_code == 200, url
    assert f'href="/s/{service.slug}/planning/"' in client.get(read[0]).content.decode()


def test_a_moderator_reads_but_cannot_edit(client, service):
    client, staff = _client_for(client, service, Role.MODERATOR)
    read, edit, delete = _urls(service)
    for url in read:
        assert client.get(url).status_code == 200, url
    for url in edit:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert client.post(delete, {"confirmed": "1"}).status_code == 404
    assert Risk.objects.filter(service=service).count() == 6
    assert "Fill in the checklist" not in client.get(read[1]).content.decode()
    with pytest.raises(PermissionDenied):
        services.readiness_save(role=staff, answers={}, purposes=[])


@pytest.mark.parametrize("role", [Role.PARTNER, Role.VIEWER])
def test_partners_and_viewers_see_nothing_and_change_nothing(client, service, role):
    client, staff = _client_for(client, service, role)
    read, edit, delete = _urls(service)
    for url in read + edit:
        assert client.get(url).status_code == 404, url
    for url in edit + [delete]:
        assert client.post(url, {"confirmed": "1"}).status_code == 404, url
    assert Risk.objects.filter(service=service).count() == 6
    assert not ChecklistVersion.objects.exists()
    with pytest.raises(PermissionDenied):
        services.risk_delete(role=staff, row=Risk.objects.filter(service=service).first())


def test_another_services_admin_sees_nothing(client, service):
    other = make_service()
    client, _ = _client_for(client, other, Role.ADMIN)
    read, edit, delete = _urls(service)
    for url in read + edit:
        assert client.get(url).status_code == 404, url
    assert client.post(delete, {"confirmed": "1"}).status_code == 404
