"""Staff invited by e-mail, roles changed and removed: each change checked, audited, and
a service never left without an administrator."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from passerelle.orgs.models import Role, StaffEvent, StaffInvitation, StaffRole
from passerelle.orgs.selectors import invitation_from_token
from passerelle.orgs.services import (
    invitation_accept,
    invitation_revoke,
    service_archive,
    staff_invite,
    staff_remove,
    staff_role_set,
)
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


def _link(token):
    return f"http://testserver/account/invitation/{token}/"


@pytest.fixture
def admin_role(service):
    _user, role = make_staff(service, Role.ADMIN, email="admin@example.org")
    return role


def _token_from_outbox() -> str:
    return re.search(r"/account/invitation/([^/\s]+)/", mail.outbox[-1].body).group(1)


def test_an_invitation_is_mailed_and_accepted_once(admin_role):
    invitation = staff_invite(
        role=admin_role, email=" Sara@Example.org ", new_role=Role.MODERATOR, link_for=_link
    )
    assert isinstance(invitation, StaffInvitation) and invitation.email == "sara@example.org"
    assert mail.outbox[-1].to == ["sara@example.org"]
    token = _token_from_outbox()
    found = invitation_from_token(token)
    assert found == invitation
    with pytest.raises(ValidationError):
        invitation_accept(invitation=found, password="123")  # the validators run
    user = invitation_accept(invitation=found, password="a-long-pass-phrase", first_name="Sara")
    assert user.check_password("a-long-pass-phrase") and user.first_name == "Sara"
    assert StaffRole.objects.get(user=user, service=admin_role.service).role == Role.MODERATOR
    assert invitation_from_token(token) is None  # single use
    with pytest.raises(ValidationError):
        invitation_accept(invitation=found, password="another-long-phrase")
    kinds = list(StaffEvent.objects.order_by("id").values_list("kind", "actor__email"))
    assert kinds == [("invited", "admin@example.org"), ("joined", "sara@example.org")]


def test_a_forged_expired_or_withdrawn_link_opens_nothing(admin_role):
    first = staff_invite(role=admin_role, email="a@example.org", new_role="viewer", link_for=_link)
    token = _token_from_outbox()
    assert invitation_from_token(token + "x") is None
    StaffInvitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(1))
    assert invitation_from_token(token) is None
    second = staff_invite(role=admin_role, email="b@example.org", new_role="viewer", link_for=_link)
    invitation_revoke(role=admin_role, invitation_id=second.pk)
    assert invitation_from_token(_token_from_outbox()) is None


def test_a_person_with_an_account_just_gets_the_role(admin_role):
    other = make_service()
    user, _role = make_staff(other, Role.MODERATOR, email="known@example.org")
    given = staff_invite(
        role=admin_role, email="known@example.org", new_role=Role.VOLUNTEER, link_for=_link
    )
    assert isinstance(given, StaffRole) and given.user == user and given.role == Role.VOLUNTEER
    assert "/account/invitation/" not in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="already works"):
        staff_invite(role=admin_role, email="known@example.org", new_role="viewer", link_for=_link)


def test_roles_change_and_go_but_the_last_admin_stays(admin_role):
    service = admin_role.service
    _user, moderator = make_staff(service, Role.MODERATOR, email="mod@example.org")
    changed = staff_role_set(role=admin_role, staff_role_id=moderator.pk, new_role="volunteer")
    assert changed.role == Role.VOLUNTEER
    event = StaffEvent.objects.get(kind="role_changed")
    assert (event.subject_email, event.data) == (
        "mod@example.org",
        {"from": "moderator", "to": "volunteer"},
    )
    with pytest.raises(ValidationError, match="at least one administrator"):
        staff_role_set(role=admin_role, staff_role_id=admin_role.pk, new_role="moderator")
    with pytest.raises(ValidationError, match="at least one administrator"):
        staff_remove(role=admin_role, staff_role_id=admin_role.pk)
    staff_remove(role=admin_role, staff_role_id=moderator.pk)
    assert not StaffRole.objects.filter(pk=moderator.pk).exists()
    assert StaffEvent.objects.filter(kind="removed", subject_email="mod@example.org").exists()


@pytest.mark.parametrize("name", [Role.MODERATOR, Role.VOLUNTEER, Role.PARTNER, Role.VIEWER])
def test_only_administrators_manage_staff(service, admin_role, name):
    _user, role = make_staff(service, name)
    with pytest.raises(PermissionDenied):
        staff_invite(role=role, email="x@example.org", new_role="viewer", link_for=_link)
    with pytest.raises(PermissionDenied):
        staff_role_set(role=role, staff_role_id=admin_role.pk, new_role="viewer")
    with pytest.raises(PermissionDenied):
        staff_remove(role=role, staff_role_id=admin_role.pk)
    with pytest.raises(PermissionDenied):
        service_archive(role=role)
    assert not StaffEvent.objects.exists()


def test_a_volunteer_sees_intake_and_private_files_only_where_the_service_allows(service):
    _user, volunteer = make_staff(service, Role.VOLUNTEER)
    _user, moderator = make_staff(service, Role.MODERATOR)
    assert volunteer.can("moderate") and volunteer.can("inbox")
    assert not volunteer.can("see_intake") and not volunteer.can("see_private_files")
    assert not volunteer.can("export") and not volunteer.can("manage_staff")
    assert moderator.can("see_intake") and moderator.can("see_private_files")
    service.volunteers_see_private = True
    service.save()
    volunteer = StaffRole.objects.select_related("service").get(pk=volunteer.pk)
    assert volunteer.can("see_intake") and volunteer.can("see_private_files")
