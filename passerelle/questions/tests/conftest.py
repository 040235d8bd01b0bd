import pytest

from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff


@pytest.fixture
def mod_role(service):
    _user, role = make_staff(service, Role.MODERATOR)
    return role
