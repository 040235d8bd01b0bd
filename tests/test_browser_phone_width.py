"""Every staff page of the demo service fits a 390 px phone in English and Arabic: the page
itself never scrolls sideways (wide tables scroll inside their own box), and the header and
navigation stay compact at phone and desktop widths."""

import pytest
from django.db import connection

from passerelle.demo.seed import seed_demo
from passerelle.testing.staff_pages import staff_page_urls
from tests.staff_walk import admin_client, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"
HEADER = "() => document.querySelector('header.top').getBoundingClientRect().height"
NAV_ROWS = """() => {
  const tops = new Set();
  document.querySelectorAll('header.top nav > *').forEach(el => {
    if (el.offsetParent !== null) tops.add(Math.round(el.getBoundingClientRect().top));
  });
  return tops.size;
}"""


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="rendering does not depend on the database: the walk runs on the SQLite pass only",
)
def test_every_staff_page_fits_a_phone_in_english_and_arabic(live_server, browser):
    service = seed_demo()["service"]
    client = admin_client(service)
    urls = staff_page_urls(service, client)
    # The walk must really cover the staff UI, not an empty list.
    assert len(urls) >= 30, urls
    too_wide, headers = [], {}
    for language in ("en", "ar"):
        context = logged_in_context(browser, live_server, client, language, 390)
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url, wait_until="domcontentloaded")
            assert page.evaluate("document.documentElement.lang") == language
            scroll, inner = page.evaluate(WIDTH)
            if scroll > inner:
                too_wide.append((language, url, scroll))
            if url.endswith("/inbox/"):
                headers[language] = page.evaluate(HEADER)
        context.close()
    assert not too_wide, too_wide
    # The header leaves the phone's screen to the work: at most a sixth of its 844 px.
    assert all(height <= 140 for height in headers.values()), headers


def test_the_navigation_is_one_row_on_a_desktop(live_server, browser):
    service = seed_demo()["service"]
    client = admin_client(service)
    for language in ("en", "fr", "ar"):
        context = logged_in_context(browser, live_server, client, language, 1280)
        page = context.new_page()
        page.goto(f"{live_server.url}/s/{service.slug}/inbox/", wait_until="domcontentloaded")
        assert page.evaluate(NAV_ROWS) == 1, language
        assert page.evaluate(WIDTH)[0] <= 1280
        context.close()
