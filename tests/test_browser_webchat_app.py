"""The web chat as an installed app, in Chromium at phone width (360 px): under 100 KB
before images, a valid manifest, its service worker registered and showing a
notification for a push Chromium delivers, the page kept for offline, notifications
offered only after the first message, a language and text size remembered, a voice note
recorded and played and a staff photo shown in the page the worker controls."""

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from passerelle.channels.outgoing_files import media_of, outgoing_file_store
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_send
from passerelle.testing.browser import ARGS, CHROMIUM, chromium_available
from passerelle.testing.factories import make_channel, make_service
from tests.test_browser_native_media import MEDIA_ARGS, _png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
TEXT_TYPES = ("document", "stylesheet", "script", "fetch", "xhr", "manifest")


@pytest.fixture
def phone(live_server):
    if not chromium_available():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs it)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    blocked = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + MEDIA_ARGS)
        context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        context.grant_permissions(["notifications"], origin=live_server.url)
        context.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        chromium.close()
    assert not blocked, blocked


def _worker_ready(page):
    return page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL)", []
    )


def test_the_chat_installs_pushes_and_stays_readable_on_a_phone(live_server, phone):
    service = make_service("chat-app", languages=("fr", "ar", "en"))
    chat = make_channel(service, "webchat")
    url = f"{live_server.url}/chat/{chat.uuid}/"

    # Under 100 KB of HTML, CSS and scripts on the first visit (images apart).
    sizes = []
    phone.on(
        "requestfinished",
        lambda r: (
            sizes.append((r.resource_type, r.url, r.sizes()["responseBodySize"]))
            if r.resource_type in TEXT_TYPES
            else None
        ),
    )
    phone.goto(url, wait_until="networkidle")
    total = sum(size for _kind, _url, size in sizes)
    assert total < 100_000, sizes
    assert any(kind == "script" for kind, _u, _s in sizes) and total > 10_000

    # The manifest is valid, and the worker registers with the chat as its scope.
    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith(f"/chat/{chat.uuid}/manifest.webmanifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert _worker_ready(phone) == f"{url}sw.js"
    scope = phone.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == url

    # A push Chromium delivers to the worker becomes a notification.
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    phone.wait_for_timeout(300)
    [registration] = [r for r in registrations if r["scopeURL"] == url and not r["isDeleted"]]
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "data": '{"title": "' + service.name + '", "body": "Nouveau message"}',
        },
    )
    phone.wait_for_function(
        "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => n.length > 0)",
        polling=200,
    )
    shown = phone.evaluate(
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(n => n.map(x => [x.title, x.body]))"
    )
    assert shown == [[service.name, "Nouveau message"]]

    # Notifications are never asked on load: offered after the member's first message.
    expect(phone.locator("#wc-push")).to_be_hidden()
    phone.get_by_label("Your name").fill("Rana")
    phone.locator("#wc-who button[type=submit]").click()
    phone.get_by_label("Your message").fill("Bonjour, j'ai une question")
    phone.locator("#wc-send button[value=private]").click()
    expect(phone.locator("#wc-msgs li.msg.out")).to_have_count(1, timeout=10_000)
    expect(phone.get_by_role("button", name="Turn on notifications")).to_be_visible()

    # Arabic, right to left, kept for the next visit; larger text kept too.
    phone.get_by_label("Language", exact=True).select_option("ar")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    phone.locator("#wc-size").click()
    expect(phone.locator("#wc-size")).to_have_attribute("aria-pressed", "true")
    phone.reload()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    expect(phone.locator("#wc-size")).to_have_attribute("aria-pressed", "true")
    size = phone.evaluate("getComputedStyle(document.getElementById('wc-text')).fontSize")
    assert size == "22px"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("#wc-size").click()
    assert phone.evaluate("getComputedStyle(document.getElementById('wc-text')).fontSize") == (
        "18px"
    )

    # The page the worker controls records and plays a voice note, and shows a staff photo.
    assert phone.evaluate("!!navigator.serviceWorker.controller")
    phone.locator("#wc-record").click()
    expect(phone.locator("#wc-recording")).to_be_visible()
    expect(phone.locator("#wc-rec-time")).to_have_text("0:01", timeout=5_000)
    phone.locator("#wc-rec-stop").click()
    phone.locator("#wc-send button[value=private]").click()
    audio = phone.locator("#wc-msgs li.msg.out audio")
    expect(audio).to_have_count(1, timeout=10_000)
    audio.evaluate("a => a.play()")
    phone.wait_for_function(
        "a => !a.error && a.currentTime > 0", arg=audio.element_handle(), timeout=10_000
    )
    stored = outgoing_file_store(
        org_id=chat.org_id,
        uploader="staff-1",
        data=_png(),
        content_type="image/png",
        file_name="plan.png",
        kind="photo",
    )
    message_send(thread=Thread.objects.get(kind="private"), text="Le plan", media=media_of(stored))
    image = phone.locator("#wc-msgs li.msg.in .media img")
    expect(image).to_be_visible(timeout=10_000)
    phone.wait_for_function(
        "img => img.complete && img.naturalWidth === 8", arg=image.element_handle()
    )

    # Offline, the kept page opens and says so.
    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator("#wc-offline")).to_be_visible(timeout=10_000)
    expect(phone.locator("#wc-msgs li.msg").first).to_be_visible()
    phone.context.set_offline(False)
