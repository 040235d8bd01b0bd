"""Media on the native platforms in a real browser (issue 14): a visitor sends a photo from
the web chat on a phone, in Arabic; a newcomer records a voice note in the simulator with
Chromium's fake microphone; the moderator sees the photo and plays the voice note."""

import os
import struct
import zlib

import pytest
from playwright.sync_api import expect, sync_playwright

from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.browser import ARGS, CHROMIUM, chromium_available
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]


def _png(width=8, height=8) -> bytes:
    """A real PNG (a blue square) the browser decodes."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1f\x5f\xbf" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def media_browser():
    """The conftest's browser, with a fake microphone (and its consent) and autoplay."""
    if not chromium_available():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs it)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + MEDIA_ARGS)
        yield chromium
        chromium.close()


def _context(browser, blocked, **options):
    context = browser.new_context(**options)
    context.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return context


def test_photo_from_the_web_chat_and_voice_note_from_the_simulator_open_in_the_inbox(
    live_server, media_browser
):
    service = make_service("media-browser")
    chat = make_channel(service, "webchat")
    simulator = make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@media.org", password="s3cret-pass")
    blocked = []

    # A visitor on a phone, in Arabic, attaches a photo and sends it privately.
    phone = _context(
        media_browser, blocked, viewport={"width": 390, "height": 844}, locale="ar"
    ).new_page()
    phone.goto(f"{live_server.url}/chat/{chat.uuid}/")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    phone.locator("#wc-name").fill("رنا")
    phone.locator("#wc-who button[type=submit]").click()
    phone.locator("#wc-file").set_input_files(
        {"name": "bail.png", "mimeType": "image/png", "buffer": _png()}
    )
    expect(phone.locator("#wc-attached")).to_contain_text("bail.png")
    phone.locator("#wc-send button[value=private]").click()
    mine = phone.locator("#wc-msgs li.msg.out img")
    expect(mine).to_be_visible(timeout=10_000)
    assert phone.evaluate("document.querySelector('#wc-msgs li.msg.out img').naturalWidth") == 8
    # Nothing overflows the phone's width, attach and record buttons included.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    photo = Message.objects.get(media_kind="photo")
    assert photo.extra["media"]["file_name"] == "bail.png"

    # The moderator plays a newcomer in the simulator and records a voice note.
    staff = _context(media_browser, blocked, viewport={"width": 1200, "height": 900})
    page = staff.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@media.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    page.goto(f"{live_server.url}/simulator/{simulator.uuid}/")
    page.get_by_label("Name", exact=True).fill("Omar")
    page.get_by_role("button", name="Be this newcomer").click()
    page.get_by_role("button", name="Record a voice note").click()
    expect(page.locator("#sim-recording")).to_be_visible()
    expect(page.locator("#sim-rec-time")).to_have_text("0:01", timeout=5_000)
    page.get_by_role("button", name="Stop and keep").click()
    expect(page.locator("#sim-attached")).to_contain_text("Voice note")
    page.get_by_role("button", name="Send privately").click()
    expect(page.locator("#sim-msgs li.msg.out audio")).to_have_count(1, timeout=10_000)
    voice = Message.objects.get(media_kind="voice")
    assert voice.extra["media"]["mime_type"] in ("audio/webm", "audio/ogg")

    # The inbox shows the photo and plays the voice note, fetched from the store.
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={photo.thread_id}")
    image = page.locator(f"#msg-{photo.pk} .media img")
    expect(image).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 8", arg=image.element_handle()
    )
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={voice.thread_id}")
    audio = page.locator(f"#msg-{voice.pk} .media audio")
    expect(audio).to_be_visible()
    audio.evaluate("a => a.play()")
    page.wait_for_function(
        "a => !a.error && a.currentTime > 0", arg=audio.element_handle(), timeout=10_000
    )
    staff.close()
    assert not blocked, blocked
