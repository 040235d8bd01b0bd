"""In a real browser, under the Content-Security-Policy (the page fixture fails on anything
it blocks): an administrator sets up two-factor from the QR page with a code computed as
an authenticator app computes it, then works in the inbox, the admin and the API docs."""

import pyotp
import pytest
from playwright.sync_api import expect

from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_sets_up_two_factor_then_works_under_the_policy(live_server, page):
    service = make_service("secure-browser")
    make_channel(service, "simulator")
    make_staff(service, Role.ADMIN, email="admin@example.org", password="s3cret-pass-9")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill("s3cret-pass-9")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()

    page.get_by_text("Cannot scan? Enter the key by hand").click()
    uri = page.get_by_role("link", name="set-up link").get_attribute("href")
    page.get_by_label("Code from your authenticator app").fill(pyotp.parse_uri(uri).now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    page.get_by_role("link", name="Sign-in").click()
    page.get_by_label("Require two-factor authentication for all staff").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Sign-in settings saved.")).to_be_visible()

    # The language menu submits itself (a listener now, not an inline onchange).
    page.get_by_label("Interface language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_label("Langue de l’interface").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{live_server.url}/api/docs")
    expect(page.get_by_text("Passerelle API").first).to_be_visible()
    expect(page.get_by_text("/api/services").first).to_be_visible()
