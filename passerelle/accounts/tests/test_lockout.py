"""Wrong passwords: an account is paused for one address after the failure limit, the right
password included, until the cool-off passes or an administrator unlocks it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from passerelle import cli
from passerelle.orgs.models import Role
from passerelle.testing.factories import login_verified, make_staff

EMAIL, PASSWORD = "lina@agency.example", "correct-horse-battery"


@pytest.fixture
def lina(service):
    return make_staff(service, Role.MODERATOR, email=EMAIL, password=PASSWORD)[0]


def _login(client, password, username=EMAIL, address="203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_account_is_locked_for_that_address_after_the_limit(client, lina, settings):
    limit = settings.AXES_FAILURE_LIMIT
    answers = [_login(client, f"wrong-{n}").status_code for n in range(limit + 3)]
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(answers[limit - 1 :]) == {429}
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The record keeps neither the passwords tried (near misses of the real one) nor them
    # in any other field.
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start >= limit and "wrong-" not in str(vars(attempt))
    # Per account and address: the person at another address still signs in.
    elsewhere = Client()
    assert _login(elsewhere, PASSWORD, address="198.51.100.20").status_code == 302


def test_capitals_in_the_email_count_against_the_same_account(client, lina, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"wrong-{n}", username=EMAIL.upper() if n % 2 else EMAIL)
    assert _login(client, PASSWORD).status_code == 429


# A real database transaction: the command closes the connection when it ends, as
# `passerelle <command>` does from a shell.
@pytest.mark.django_db(transaction=True)
def test_the_unlock_command_works_through_the_passerelle_command(client, lina, settings, capsys):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"wrong-{n}")
    assert _login(client, PASSWORD).status_code == 429
    cli.main(["axes_reset_username", EMAIL])  # what `passerelle axes_reset_username …` runs
    assert "1 attempts removed" in capsys.readouterr().out
    assert not AccessAttempt.objects.exists()
    assert _login(client, PASSWORD).status_code == 302


def test_administrators_see_and_clear_attempts_in_the_admin_site(client, lina, settings, service):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), f"wrong-{n}")
    root = get_user_model().objects.create_superuser("root@agency.example", password="x-9k2-Lq")
    login_verified(client, root)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and EMAIL in page.content.decode()


def test_a_success_before_the_limit_starts_the_count_again(client, lina, settings):
    for _round in range(2):
        for n in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(client, f"wrong-{n}")
        assert _login(client, PASSWORD).status_code == 302
        client.post("/logout/")


def test_staff_add_applies_the_password_rules(service):
    for weak in ("1", "password", "12345678901"):
        with pytest.raises(CommandError, match="password refused"):
            call_command(
                "staff", "add", "new@agency.example", "--service", service.slug, "--password", weak
            )
    assert not get_user_model().objects.filter(username="new@agency.example").exists()
    call_command(
        "staff",
        "add",
        "new@agency.example",
        "--service",
        service.slug,
        "--password",
        "long enough and rare 7",
    )
    assert get_user_model().objects.get(username="new@agency.example").has_usable_password()
