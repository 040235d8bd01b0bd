"""axe-core over the key staff pages, in English and Arabic, at desktop and phone width:
no serious or critical violation."""

from pathlib import Path

import pytest

from passerelle.demo.seed import seed_demo
from passerelle.moderation.models import Report
from tests.test_browser_phone_width import _admin_client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]);
}"""


def test_key_pages_have_no_serious_axe_violation(live_server, browser):
    service = seed_demo()["service"]
    client = _admin_client(service)
    report = Report.objects.filter(message__service=service).first()
    s = f"/s/{service.slug}"
    pages = [
        f"{s}/inbox/",
        f"{s}/moderation/",
        f"{s}/moderation/messages/{report.message_id}/",
        f"{s}/join-settings/",
        f"{s}/channels/",
        f"{s}/questions/standard/",
        f"{s}/faq/new/",
    ]
    host = live_server.url.split("//", 1)[1].split(":")[0]
    found = []
    for language in ("en", "ar"):
        # axe is injected as a script: this context alone lets it past the page's CSP.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "domain": host,
                    "path": "/",
                },
                {"name": "django_language", "value": language, "domain": host, "path": "/"},
            ]
        )
        page = context.new_page()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for url in pages:
                page.goto(live_server.url + url, wait_until="domcontentloaded")
                page.add_script_tag(path=str(AXE))
                found += [(language, width, url, *v) for v in page.evaluate(RUN)]
        context.close()
    if found:
        pytest.fail("\n".join(repr(f) for f in found))
