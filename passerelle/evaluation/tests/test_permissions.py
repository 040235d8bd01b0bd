"""Who reads and who edits: viewers read, admins edit, moderators enter values; partners and
other services' staff see nothing (404, as for a service that does not exist)."""

import pytest

from passerelle.evaluation import services
from passerelle.evaluation.models import Framework, IndicatorValue, LogicItem
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(admin_role):
    services.framework_start(role=admin_role, from_example=True, language="en")
    return admin_role.service


def _client_for(client, service, role):
    user, staff = make_staff(service, role)
    if role == Role.ADMIN:
        login_verified(client, user)
    else:
        client.force_login(user)
    return client


def _urls(service):
    base = f"/s/{service.slug}/evaluation/"
    framework = Framework.objects.get(service=service)
    item = framework.items.first()
    result = framework.results.first()
    manual = result.indicators.get(metric="")
    return {
        "read": [
            base,
            base + "plan/",
            base + "history/",
            base + "print/",
            base + "export.xlsx",
            base + "export.csv",
            f"{base}indicators/{manual.pk}/values/",
        ],
        "edit": [
            base + "plan/edit/",
            base + "model/new/",
            f"{base}model/{item.pk}/",
            f"{base}model/{item.pk}/delete/",
            base + "results/new/",
            f"{base}results/{result.pk}/",
            f"{base}results/{result.pk}/delete/",
            f"{base}results/{result.pk}/indicators/new/",
            f"{base}indicators/{manual.pk}/",
            f"{base}indicators/{manual.pk}/delete/",
        ],
        "post": [
            base + "start/",
            f"{base}model/{item.pk}/move/",
            f"{base}results/{result.pk}/move/",
            f"{base}indicators/{manual.pk}/move/",
            f"{base}model/{item.pk}/delete/",
        ],
        "value": f"{base}indicators/{manual.pk}/values/",
    }


def test_a_viewer_reads_everything_and_edits_nothing(client, started):
    urls = _urls(started)
    _client_for(client, started, Role.VIEWER)
    for url in urls["read"]:
        assert client.get(url).status_code == 200, url
    for url in urls["edit"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"move": "up"}).status_code == 404, url
    assert client.post(urls["value"], {"on": "2025-01-01", "value": "3"}).status_code == 404
    page = client.get(urls["read"][0]).content.decode()
    assert "Edit" not in page and "Enter a value" not in page
    assert LogicItem.objects.count() == 14 and not IndicatorValue.objects.exists()


def test_a_moderator_enters_values_but_does_not_edit(client, started):
    urls = _urls(started)
    _client_for(client, started, Role.MODERATOR)
    assert client.get(urls["edit"][0]).status_code == 404
    response = client.post(urls["value"], {"on": "2025-01-01", "value": "1", "note": ""})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 1


def test_a_partner_and_another_service_see_nothing(client, started):
    urls = _urls(started)
    _client_for(client, started, Role.PARTNER)
    for url in urls["read"] + urls["edit"]:
        assert client.get(url).status_code == 404, url
    other = make_service()
    client.logout()
    _client_for(client, other, Role.ADMIN)
    for url in urls["read"] + urls["edit"]:
        assert client.get(url).status_code == 404, url
    # The other service's own pages, with this service's row ids, do not reach them either.
    own = f"/s/{other.slug}/evaluation/"
    services_row = Framework.objects.get(service=started).results.first()
    assert client.get(f"{own}results/{services_row.pk}/").status_code == 404
    assert client.post(f"{own}results/{services_row.pk}/delete/").status_code == 404
    assert client.get(own).status_code == 200
    assert "Number of participants" not in client.get(own).content.decode()


def test_services_refuse_a_role_of_another_service(started):
    from django.core.exceptions import PermissionDenied

    _user, other_admin = make_staff(make_service(), Role.ADMIN)
    item = Framework.objects.get(service=started).items.first()
    with pytest.raises(PermissionDenied):
        services.logic_item_update(role=other_admin, item=item, level="activity", description="x")
    with pytest.raises(PermissionDenied):
        services.logic_item_delete(role=other_admin, item=item)
