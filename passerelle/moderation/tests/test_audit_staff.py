"""Staff management is in the audit log with the other events: who invited whom, who
changed a role from what to what; filtered on its own kinds."""

import pytest

from passerelle.orgs.models import Role
from passerelle.orgs.services import staff_invite, staff_role_set
from passerelle.testing.factories import login_verified, make_staff

pytestmark = pytest.mark.django_db


def test_the_audit_log_lists_staff_changes(client, service):
    admin, admin_role = make_staff(service, Role.ADMIN, email="admin@example.org")
    _user, moderator = make_staff(service, Role.MODERATOR, email="mod@example.org")
    staff_invite(role=admin_role, email="new@example.org", new_role="viewer", link_for=lambda t: t)
    staff_role_set(role=admin_role, staff_role_id=moderator.pk, new_role=Role.VOLUNTEER)
    login_verified(client, admin)
    page = client.get(f"/s/{service.slug}/moderation/audit/").content.decode()
    assert "Staff invited" in page and "new@example.org" in page
    assert "Role changed: <bdi>Moderator → Volunteer</bdi>" in page
    only = client.get(f"/s/{service.slug}/moderation/audit/?kind=staff_invited").content.decode()
    assert "new@example.org" in only and "Moderator → Volunteer" not in only
    found = client.get(f"/s/{service.slug}/moderation/audit/?q=mod@example").content.decode()
    assert "Moderator → Volunteer" in found and "new@example.org" not in found
