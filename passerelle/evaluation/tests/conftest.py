import pytest

from passerelle.evaluation import services
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_service, make_staff


@pytest.fixture
def service(db):
    return make_service()


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


@pytest.fixture
def framework(admin_role):
    return services.framework_start(role=admin_role, from_example=False)
