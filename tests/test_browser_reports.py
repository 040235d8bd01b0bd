"""In a real browser: a viewer signs in, lands on the dashboard with its chart, downloads the
Annex 2 report as XLSX, and finds no inbox or member; the dashboard fits a phone, in Arabic."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from passerelle.orgs.models import Role
from passerelle.reports.periods import complete_months
from passerelle.reports.tests.helpers import local, member, say
from passerelle.testing.factories import make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "s3cret-pass"


def _setup(slug):
    service = make_service(slug)
    last_month = complete_months(date.today(), 1)[0]
    ali = member(service, joined=local(service, last_month.start))
    say(service, ali, local(service, last_month.start, 14), label="request")
    make_staff(service, Role.VIEWER, email=f"viewer@{slug}.org", password=PASSWORD)
    return service, ali


def _login(page, live_server, email):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_viewer_reads_the_dashboard_and_downloads_annex_2(live_server, page):
    service, ali = _setup("reports-browser")
    _login(page, live_server, "viewer@reports-browser.org")
    expect(page.get_by_role("heading", name="How the service is doing")).to_be_visible()
    assert page.url.endswith(f"/s/{service.slug}/reports/")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("#table-activity-data tr[data-row='requests'] td").nth(11)).to_have_text(
        "1"
    )
    expect(page.get_by_role("link", name="Inbox")).to_have_count(0)

    page.get_by_role("link", name="Usage statistics").click()
    expect(page.get_by_role("heading", name="Usage statistics")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    sheet = book.worksheets[0]
    lines = {r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=2)}
    assert lines["Total members at the end of the period"][-1] == 1
    assert lines["New members who joined"][-1] == 1

    for path in (f"/s/{service.slug}/inbox/", f"/s/{service.slug}/members/{ali.pk}/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404


def test_the_dashboard_fits_a_phone_in_arabic(live_server, browser):
    service, _ali = _setup("reports-phone")
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    _login(phone, live_server, "viewer@reports-phone.org")
    expect(phone.get_by_role("heading", name="How the service is doing")).to_be_visible()
    with phone.expect_navigation():
        phone.select_option("#lang-select", "ar")  # the form submits itself on change
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_role("heading", name="كيف تسير الخدمة")).to_be_visible()
    expect(phone.locator("svg.chart")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
