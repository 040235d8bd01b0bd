"""In a real browser, in French: an administrator fills the readiness checklist (a doubt
on one statement), sees the toolkit's "stop and plan" warning, and prints the page: the
print stylesheet leaves out the navigation and the buttons, the PDF is made, and the page
fits a phone, on screen and on paper."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from passerelle.orgs.models import Role
from passerelle.planning.models import ChecklistVersion
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUDIENCE = (
    "Le groupe cible de ce service a été clairement défini et nous savons qu'il s'intéresse "
    "à un service de messages numériques."
)


def _login_admin(page, live_server, email):
    client = Client()
    login_verified(client, get_user_model().objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_admin_fills_the_readiness_checklist_in_french_and_prints_it(live_server, page):
    service = make_service("planning-browser", languages=("ar", "fr"))
    make_staff(service, Role.ADMIN, email="admin@planning-browser.org")
    _login_admin(page, live_server, "admin@planning-browser.org")

    page.goto(f"{live_server.url}/s/{service.slug}/planning/")
    page.select_option("#lang-select", "fr")
    expect(page.get_by_role("heading", name="Planification", exact=True)).to_be_visible()
    page.get_by_role("link", name="Liste de contrôle pour la préparation").first.click()
    page.get_by_role("link", name="Remplir la liste de contrôle").click()

    statements = page.locator("form.plan-form > fieldset")
    expect(statements).to_have_count(3)
    first, second, third = statements.nth(0), statements.nth(1), statements.nth(2)
    first.get_by_label("Échange d'information").check()
    first.get_by_label("Réduction de l'isolement social").check()
    first.get_by_label("Oui", exact=True).check()
    first.get_by_label("Explications / détails").fill("Les familles syriennes d'Ottawa")
    expect(second.locator("legend")).to_have_text(AUDIENCE)
    second.get_by_label("Des doutes ? (obtenez plus d'information)").check()
    second.get_by_label("Explications / détails").fill("Sondage à faire au centre")
    third.get_by_label("Oui", exact=True).check()
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()

    expect(page.get_by_text("Liste de contrôle pour la préparation enregistrée.")).to_be_visible()
    stop = page.locator("p.stop")
    expect(stop).to_contain_text("arrêtez-vous le temps de trouver les réponses")
    expect(stop).to_have_attribute("data-stop", "1")
    row = page.locator("table.plan tbody tr").nth(1)
    expect(row).to_contain_text("Des doutes ?")
    expect(row).to_contain_text("Sondage à faire au centre")
    version = ChecklistVersion.objects.get(service=service, kind="readiness")
    assert version.data["answers"]["audience"] == {
        "answer": "doubt",
        "explanation": "Sondage à faire au centre",
    }
    assert version.data["purposes"] == ["exchange", "isolation"]

    # On paper: no navigation, no buttons, the table and the warning kept.
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("nav.plan-tabs")).to_be_hidden()
    expect(page.get_by_role("link", name="Remplir la liste de contrôle")).to_be_hidden()
    expect(page.locator("table.plan")).to_be_visible()
    expect(stop).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")

    # At phone width, on screen and on paper: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 812})
    assert _fits(page)
    page.emulate_media(media="screen")
    expect(page.locator("header.top")).to_be_visible()
    assert _fits(page)
    page.get_by_role("link", name="Remplir la liste de contrôle").click()
    expect(statements).to_have_count(3)
    assert _fits(page)
