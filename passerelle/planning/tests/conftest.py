import pytest

from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_service, make_staff


@pytest.fixture
def service(db):
    return make_service(languages=("fr", "ar", "en"))


@pytest.fixture
def admin(service):
    return make_staff(service, Role.ADMIN)


@pytest.fixture
def admin_role(admin):
    return admin[1]


@pytest.fixture
def admin_client(client, admin):
    login_verified(client, admin[0])
    return client
