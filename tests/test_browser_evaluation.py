"""In a real browser: an administrator starts the results framework from the toolkit's
example in one click and sees which indicator is behind (members stopped growing), deletes
a statement only after confirming it, and the page fits a phone in Arabic, right to left."""

from datetime import date, datetime, time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from passerelle.evaluation.models import LogicItem
from passerelle.evaluation.tests.helpers import join
from passerelle.orgs.models import Role
from passerelle.reports.periods import complete_months
from passerelle.testing.factories import login_verified, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login_admin(page, live_server, email):
    # Administrators sign in with two factors: hand the browser a verified session.
    client = Client()
    login_verified(client, get_user_model().objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_an_admin_starts_from_the_example_and_sees_what_is_behind(live_server, page):
    service = make_service("evaluation-browser")
    # Two members joined two months ago, nobody since: the membership stopped growing.
    before_last, _last = complete_months(date.today(), 2)
    join(service, 2, datetime.combine(before_last.start, time(12), tzinfo=service.tz))
    make_staff(service, Role.ADMIN, email="admin@evaluation-browser.org")
    _login_admin(page, live_server, "admin@evaluation-browser.org")

    page.goto(f"{live_server.url}/s/{service.slug}/evaluation/")
    expect(
        page.get_by_role("heading", name="This service has no results framework yet")
    ).to_be_visible()
    page.get_by_role("button", name="Start from the toolkit's example").click()
    expect(page.get_by_role("heading", name="1 indicator is behind")).to_be_visible()
    growth = page.locator("article.indicator.st-behind")
    expect(growth).to_have_count(1)
    expect(growth.get_by_role("heading")).to_have_text(
        "Growth in the number of participants, each month over the previous one"
    )
    expect(growth.locator(".reasons")).to_contain_text("Did not grow: 2 in")
    expect(growth.locator("svg.spark")).to_be_visible()
    participants = page.locator(
        "article.indicator",
        has=page.get_by_role("heading", name="Number of participants", exact=True),
    )
    expect(participants.locator(".tag")).to_have_text("On track")

    # Deleting a statement asks first; cancelling keeps it.
    first = LogicItem.objects.filter(framework__service=service, level="activity").first()
    statement = page.locator(f"#item-{first.pk}")
    statement.get_by_role("link", name="Delete").click()
    expect(
        page.get_by_role("heading", name="Delete this statement of the logic model?")
    ).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(statement).to_be_visible()
    statement.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("Statement deleted.")).to_be_visible()
    expect(statement).to_have_count(0)
    assert not LogicItem.objects.filter(pk=first.pk).exists()

    # At phone width, in Arabic: right to left, nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 812})
    page.select_option("#lang-select", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="إطار النتائج", exact=True)).to_be_visible()
    expect(page.locator("article.indicator.st-behind .tag")).to_have_text("متأخر")
    page.locator("article.indicator.st-behind summary").click()
    expect(page.locator("article.indicator.st-behind table.values")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
