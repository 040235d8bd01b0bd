"""Two-factor authentication: administrators cannot work without it, other roles when their
service asks; codes come from a real TOTP computation (pyotp), as an authenticator app's."""

from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.accounts.models import SignInPolicy
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff

PASSWORD = "correct-horse-battery"


def _sign_in(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def admin(service):
    return make_staff(service, Role.ADMIN, email="admin@agency.example", password=PASSWORD)[0]


@pytest.fixture
def moderator_user(service):
    return make_staff(service, Role.MODERATOR, email="mod@agency.example", password=PASSWORD)[0]


def test_an_admin_without_an_authenticator_is_sent_to_set_one_up(client, admin, service):
    _sign_in(client, admin)
    inbox = f"/s/{service.slug}/inbox/"
    response = client.get(inbox)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/account/two-factor/"
    assert parse_qs(location.query)["next"] == [inbox]
    # Not the API, the Django admin or an htmx partial either.
    assert client.get("/api/services").status_code == 403
    assert client.get("/admin/").status_code == 302
    assert client.get(inbox, headers={"HX-Request": "true"}).status_code == 403


def test_set_up_with_a_real_totp_code_then_the_admin_works(client, admin, service, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code below; throttling is tested apart
    _sign_in(client, admin)
    inbox = f"/s/{service.slug}/inbox/"
    page = client.get(f"/account/two-factor/?next={inbox}")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    uri = page.context["otpauth_uri"]
    assert uri.startswith("otpauth://totp/Passerelle%3Aadmin%40agency.example?")
    authenticator = pyotp.parse_uri(uri)  # what the phone's app reads from the QR code
    assert (
        client.post("/account/two-factor/", {"token": "000000", "next": inbox}).status_code == 200
    )
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
    response = client.post("/account/two-factor/", {"token": authenticator.now(), "next": inbox})
    assert response.status_code == 302 and response["Location"] == inbox
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert client.get(inbox).status_code == 200


def test_next_sign_in_asks_for_the_code_and_a_code_works_once(client, admin, service, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    _sign_in(client, admin)
    inbox = f"/s/{service.slug}/inbox/"
    assert client.get(inbox)["Location"].startswith("/account/two-factor/verify/")
    code = _code(device)
    wrong_code = "000000" if code != "000000" else "111111"
    wrong = client.post("/account/two-factor/verify/", {"token": wrong_code, "next": inbox})
    assert wrong.status_code == 200 and "not the one your app shows" in wrong.content.decode()
    ok = client.post("/account/two-factor/verify/", {"token": code, "next": inbox})
    assert ok.status_code == 302 and ok["Location"] == inbox
    assert client.get(inbox).status_code == 200
    # The same code cannot open a second session (an onlooker, a phishing relay).
    other = client.__class__()
    _sign_in(other, admin)
    again = other.post("/account/two-factor/verify/", {"token": code, "next": inbox})
    assert again.status_code == 200


def test_the_password_alone_cannot_replace_the_authenticator(client, admin):
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    _sign_in(client, admin)
    response = client.get("/account/two-factor/")
    assert response["Location"].startswith("/account/two-factor/verify/")
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_other_roles_need_it_only_when_their_service_asks(client, service, admin, moderator_user):
    inbox = f"/s/{service.slug}/inbox/"
    _sign_in(client, moderator_user)
    assert client.get(inbox).status_code == 200
    assert client.get(f"/s/{service.slug}/sign-in/").status_code == 404  # admins' page

    admin_client = client.__class__()
    login_verified(admin_client, admin)
    page = admin_client.get(f"/s/{service.slug}/sign-in/")
    assert page.status_code == 200 and "mod@agency.example" in page.content.decode()
    saved = admin_client.post(f"/s/{service.slug}/sign-in/", {"require_two_factor": "on"})
    assert saved.status_code == 302
    assert SignInPolicy.objects.get(service=service).require_two_factor

    assert client.get(inbox)["Location"].startswith("/account/two-factor/")


def test_someone_who_set_it_up_is_asked_for_it(client, service, moderator_user):
    TOTPDevice.objects.create(user=moderator_user, name="phone", confirmed=True)
    _sign_in(client, moderator_user)
    assert client.get(f"/s/{service.slug}/inbox/")["Location"].startswith(
        "/account/two-factor/verify/"
    )


def test_a_lost_phone_is_reset_from_the_command_line(client, admin, capsys):
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    call_command("two_factor", "reset", "Admin@agency.example")
    assert "1 authenticator(s) removed" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=admin).exists()
    _sign_in(client, admin)
    assert client.get("/")["Location"].startswith("/account/two-factor/?")


def test_next_never_leaves_the_site(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    _sign_in(client, admin)
    response = client.post(
        "/account/two-factor/verify/", {"token": _code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_after_a_wrong_code_even_the_right_one_waits(client, admin, service):
    # django-otp's throttling: each failure doubles the wait, so six digits cannot be tried.
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    _sign_in(client, admin)
    code = _code(device)
    client.post("/account/two-factor/verify/", {"token": "000000" if code != "000000" else "1"})
    refused = client.post("/account/two-factor/verify/", {"token": code})
    assert refused.status_code == 200
    assert client.get(f"/s/{service.slug}/inbox/").status_code == 302
