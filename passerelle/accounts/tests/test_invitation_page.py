"""The invitation link: a password meeting the validators, then two-factor set-up when the
service's sign-in policy asks for it, then the inbox; the link works once."""

import re

import pytest
from django.core import mail

from passerelle.accounts.models import SignInPolicy
from passerelle.orgs.models import Role
from passerelle.orgs.services import staff_invite
from passerelle.testing.factories import make_staff

pytestmark = pytest.mark.django_db


def _invite(service, role=Role.MODERATOR):
    _user, admin = make_staff(service, Role.ADMIN)
    staff_invite(
        role=admin,
        email="new@example.org",
        new_role=role,
        link_for=lambda token: f"http://testserver/account/invitation/{token}/",
    )
    return re.search(r"http://testserver(/account/invitation/\S+/)", mail.outbox[-1].body)[1]


def test_the_person_chooses_a_password_and_lands_in_the_inbox(client, service):
    path = _invite(service)
    page = client.get(path)
    assert page.status_code == 200 and service.name in page.content.decode()
    mismatch = client.post(path, {"password1": "cedar-river-42", "password2": "other-one-42"})
    assert "The two passwords differ." in mismatch.content.decode()
    weak = client.post(path, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 422 and "too common" in weak.content.decode()
    done = client.post(path, {"password1": "cedar-river-42", "password2": "cedar-river-42"})
    assert done["Location"] == f"/s/{service.slug}/inbox/"
    assert client.get(done["Location"]).status_code == 200
    client.logout()
    assert client.get(path).status_code == 404  # used


def test_a_service_requiring_two_factor_sends_them_to_set_it_up(client, service):
    SignInPolicy.objects.create(service=service, require_two_factor=True)
    path = _invite(service)
    done = client.post(path, {"password1": "cedar-river-42", "password2": "cedar-river-42"})
    inbox = client.get(done["Location"])
    assert inbox.status_code == 302 and inbox["Location"].startswith("/account/two-factor/")
