"""axe-core over every staff page of the demo service and the member-facing pages (web chat,
public guidelines, survey web form, simulator), in English and Arabic, at desktop and phone
width: no serious or critical violation of the WCAG 2.0/2.1/2.2 A and AA rules."""

import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from passerelle.channels.models import Channel
from passerelle.demo.seed import seed_demo
from passerelle.surveys.links import form_token
from passerelle.surveys.models import SurveyRecipient
from passerelle.testing.staff_pages import staff_page_urls
from tests.staff_walk import admin_client, logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe.min.js"
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]);
}"""


def _member_pages(service):
    """The pages a member (or, for the simulator, staff playing one) opens without the
    staff navigation: they are outside the URL conf walk."""
    channels = {c.type: c.uuid for c in Channel.objects.filter(service=service)}
    # A recipient still within the wave's open days, not yet answered: the form itself.
    recipient = SurveyRecipient.objects.filter(wave__survey__service=service).first()
    recipient.state = SurveyRecipient.State.ASKED
    recipient.asked_at = timezone.now()
    recipient.save(update_fields=["state", "asked_at"])
    return [
        f"/chat/{channels['webchat']}/",
        f"/simulator/{channels['simulator']}/",
        f"/g/{service.slug}/?lang={{language}}",
        f"/survey/{form_token(recipient)}/?lang={{language}}",
    ]


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="rendering does not depend on the database: the walk runs on the SQLite pass only",
)
# One test per language: the two run on two test workers at once (one walk took two
# minutes, the longest test of the suite and the last to finish).
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_has_no_serious_axe_violation_in_english_and_arabic(
    live_server, browser, language
):
    service = seed_demo()["service"]
    client = admin_client(service)
    urls = staff_page_urls(service, client)
    # The walk must really cover the staff UI, not an empty list.
    assert len(urls) >= 30, urls
    urls += _member_pages(service)
    found, started = [], time.monotonic()
    # One context per width, both open at once: axe runs in one page while the
    # next page loads in another (each context has its own renderer process).
    pages = {}
    for width in (1280, 390):
        # axe is injected as a script: this context alone lets it past the page's CSP.
        context = logged_in_context(browser, live_server, client, language, width, bypass_csp=True)
        pages[language, width] = context.new_page()
    for url in urls:
        for page in pages.values():
            response = page.goto(
                live_server.url + url.format(language=language), wait_until="domcontentloaded"
            )
            assert response.status == 200, url
            assert page.evaluate("document.documentElement.lang") == language, url
            page.add_script_tag(path=str(AXE))
            page.evaluate(f"() => {{ window.axeResult = ({RUN})(); }}")
        for (language, width), page in pages.items():
            found += [(language, width, url, *v) for v in page.evaluate("() => window.axeResult")]
    for page in pages.values():
        page.context.close()
    print(f"axe walk ({language}): {len(urls)} pages x 2 in {time.monotonic() - started:.0f} s")
    assert not found, "\n".join(repr(f) for f in found)
