"""An imported group's history, labelled in bulk from the inbox in a real browser."""

import pytest
from playwright.sync_api import expect

from passerelle.conversations.models import Message
from passerelle.history import whatsapp
from passerelle.history.services import history_import
from passerelle.history.tests.samples import ANDROID_GROUP, TORONTO
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.testing.factories import make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_selects_a_page_and_labels_it_in_one_go(live_server, page):
    service = make_service("label-many")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    export = whatsapp.read(ANDROID_GROUP, tz=TORONTO)
    history_import(service=service, records=export.records, source="whatsapp")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Label many messages at once").click()
    expect(page.get_by_role("heading", name="Label many messages")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(6)

    # The page's script (a static file: the CSP allows no inline one) ticks every box.
    page.get_by_label("Select all on this page").check()
    expect(page.locator('input[name="message"]:checked')).to_have_count(6)
    page.locator('input[name="message"]').first.uncheck()
    page.get_by_label("Label to apply").select_option("request")
    page.get_by_role("button", name="Apply to the selected messages").click()

    expect(page.get_by_role("status")).to_contain_text("5 messages now have the label")
    expect(page.locator("tbody tr")).to_have_count(1)  # the one left unlabelled
    assert Message.objects.filter(label="request").count() == 5
    assert Question.objects.count() == 5
