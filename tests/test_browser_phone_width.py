"""Every staff page of the demo service fits a 390 px phone in English and Arabic: the page
itself never scrolls sideways (wide tables scroll inside their own box), and the header and
navigation stay compact at phone and desktop widths."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.demo.seed import ADMIN_EMAIL, seed_demo
from passerelle.testing.staff_pages import staff_page_urls

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


def _admin_client(service):
    """A client signed in as the demo's administrator, second factor verified."""
    admin = service.staff_roles.get(user__email=ADMIN_EMAIL).user
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _logged_in_context(browser, live_server, client, language, width):
    session = client.cookies["sessionid"].value
    context = browser.new_context(viewport={"width": width, "height": 844})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {"name": "sessionid", "value": session, "domain": host, "path": "/"},
            {"name": "django_language", "value": language, "domain": host, "path": "/"},
        ]
    )
    return context


def test_every_staff_page_fits_a_phone_in_english_and_arabic(live_server, browser):
    service = seed_demo()["service"]
    client = _admin_client(service)
    urls = staff_page_urls(service, client)
    # The walk must really cover the staff UI, not an empty list.
    assert len(urls) >= 30, urls
    too_wide, headers = [], {}
    for language in ("en", "ar"):
        context = _logged_in_context(browser, live_server, client, language, 390)
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
    client = _admin_client(service)
    for language in ("en", "fr", "ar"):
        context = _logged_in_context(browser, live_server, client, language, 1280)
        page = context.new_page()
        page.goto(f"{live_server.url}/s/{service.slug}/inbox/", wait_until="domcontentloaded")
        assert page.evaluate(NAV_ROWS) == 1, language
        assert page.evaluate(WIDTH)[0] <= 1280
        context.close()
