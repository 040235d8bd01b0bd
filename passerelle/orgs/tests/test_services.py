"""Organizations and staff accounts are created once, as the caller names them."""

import pytest

from passerelle.orgs.models import Role
from passerelle.orgs.services import organization_ensure, staff_add


@pytest.mark.django_db
def test_an_organization_is_created_once(service):
    org, created = organization_ensure(slug="agency-x", name="Agency X")
    again, created_again = organization_ensure(slug="agency-x", name="Another name")
    assert (created, created_again, again, again.name) == (True, False, org, "Agency X")


@pytest.mark.django_db
def test_a_new_staff_member_gets_the_name_given_an_existing_one_keeps_theirs(service):
    user, created = staff_add(
        email="Lina@example.org", service=service, role=Role.MODERATOR, first_name="Lina"
    )
    assert created and (user.username, user.first_name) == ("lina@example.org", "Lina")
    user.first_name = "Lina K."
    user.save()
    again, created = staff_add(
        email="lina@example.org", service=service, role=Role.ADMIN, first_name="Lina"
    )
    assert not created and again.first_name == "Lina K."
