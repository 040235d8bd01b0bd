"""In a real browser (docs/setup.md, whose screenshots it takes): an organisation
administrator sets a service up through the wizard (Arabic and French, answers within 24
business hours, Ontario holidays), invites a moderator by e-mail; the moderator follows the
link from the message, chooses a password and lands in the inbox; the administrator makes
them a volunteer, who then cannot open the members' intake answers."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from passerelle.orgs.models import Role, Service, StaffRole
from passerelle.questions.models import ServiceStandard
from passerelle.setup.tests.intake_data import SECRET_ANSWER, member_waiting
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "setup"


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.locator("main").screenshot(path=str(SHOTS / f"{name}.png"), scale="css")


def _login_admin(page, live_server, email):
    # Administrators sign in with two factors: hand the browser a verified session.
    client = Client()
    login_verified(client, get_user_model().objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_service_is_set_up_and_staffed_from_the_browser(live_server, page, browser):
    home = make_service("agency-home", languages=("en",))
    make_staff(home, Role.ADMIN, email="director@agency.org")
    page.set_viewport_size({"width": 1000, "height": 800})
    _login_admin(page, live_server, "director@agency.org")

    page.goto(f"{live_server.url}/s/{home.slug}/inbox/")
    page.get_by_role("link", name="New service").click()
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    page.get_by_label("Name of the service").fill("Accueil Ottawa")
    page.get_by_label("Short address").fill("accueil-ottawa")
    page.get_by_label("First language (the default)").select_option("ar")
    page.get_by_label("Second language").select_option("fr")
    _shot(page, "1-service")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.get_by_label("Who is the service for?").fill("Arabic-speaking newcomers in Ottawa")
    page.get_by_label("Which gap in services does it fill?").fill("No answers after 5 pm")
    page.get_by_label("What evidence shows the need?").fill("Our 2025 intake survey")
    page.get_by_label("A discussion among members").check()
    page.get_by_label("Audience, in a sentence").fill("Newcomers from Syria and Sudan")
    page.locator("[name=purpose_ar]").fill("مجموعة للأسئلة عن الخدمات في أوتاوا")
    page.locator("[name=purpose_fr]").fill("Un groupe pour vos questions sur les services")
    _shot(page, "2-purpose")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 3 of 6")).to_be_visible()
    page.get_by_label("Time zone").select_option("America/Toronto")
    page.get_by_label("Province or territory (holidays)").select_option("ON")
    page.get_by_label("Interactive group").check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 4 of 6")).to_be_visible()
    page.locator("[name=target_hours]").select_option("24")
    page.locator("[name=counting]").select_option("business_hours")
    page.get_by_label("Monday").fill("09:00-12:00, 13:00-17:00")
    page.get_by_label("Closure days (one date a line, YYYY-MM-DD)").fill("2026-12-24")
    _shot(page, "4-standard")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 5 of 6")).to_be_visible()
    page.get_by_label("Interactive community group").check()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Step 6 of 6")).to_be_visible()
    expect(page.locator("dl.summary")).to_contain_text("Ontario")
    assert not Service.objects.filter(slug="accueil-ottawa").exists()
    _shot(page, "6-review")
    page.get_by_role("button", name="Create the service").click()
    expect(page.get_by_text("Accueil Ottawa is set up. Connect its channels now.")).to_be_visible()
    service = Service.objects.get(slug="accueil-ottawa")
    assert service.languages == ["ar", "fr"]
    standard = ServiceStandard.objects.get(service=service)
    assert (standard.target_hours, standard.counting, standard.subdivision) == (
        24,
        "business_hours",
        "ON",
    )

    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="Service settings")).to_be_visible()
    _shot(page, "7-settings")
    page.get_by_role("link", name="Staff", exact=True).first.click()
    page.get_by_label("E-mail").fill("samira@agency.org")
    page.locator("#id_role").select_option("moderator")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("An invitation was sent to samira@agency.org.")).to_be_visible()

    # The moderator opens the link in the message, in a browser of their own.
    message = mail.outbox[-1]
    assert message.to == ["samira@agency.org"]
    link = re.search(r"https?://\S+/account/invitation/\S+/", message.body).group(0)
    moderator = browser.new_context(viewport={"width": 1000, "height": 800}).new_page()
    moderator.goto(link)
    expect(moderator.get_by_role("heading", name="Join the team of Accueil Ottawa")).to_be_visible()
    moderator.get_by_label("First name").fill("Samira")
    moderator.get_by_label("Choose a password").fill("short")
    moderator.get_by_label("The same password again").fill("short")
    moderator.get_by_role("button", name="Set my password").click()
    expect(moderator.get_by_text("This password is too short.")).to_be_visible()
    moderator.get_by_label("Choose a password").fill("cedar-river-lantern-42")
    moderator.get_by_label("The same password again").fill("cedar-river-lantern-42")
    _shot(moderator, "8-invitation")
    moderator.get_by_role("button", name="Set my password").click()
    expect(moderator.get_by_role("heading", name="Inbox")).to_be_visible()
    assert moderator.url.endswith("/s/accueil-ottawa/inbox/")

    # The administrator makes them a volunteer (after confirming).
    page.reload()
    row = page.locator("tr", has_text="samira@agency.org")
    expect(row).to_contain_text("Invitation accepted")
    row.get_by_label("Role of samira@agency.org").select_option("volunteer")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Change").click()
    expect(page.get_by_text("samira@agency.org is now “Volunteer”.")).to_be_visible()
    _shot(page, "9-staff")
    assert StaffRole.objects.get(user__email="samira@agency.org").role == Role.VOLUNTEER

    # The volunteer moderates, but the join answers stay closed to them.
    membership, _photo = member_waiting(service)
    moderator.goto(f"{live_server.url}/s/accueil-ottawa/moderation/members/{membership.pk}/")
    expect(moderator.get_by_text("hidden from volunteers in this service")).to_be_visible()
    expect(moderator.get_by_text(SECRET_ANSWER)).to_have_count(0)
    moderator.context.close()
