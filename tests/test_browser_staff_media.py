"""Staff send files from the inbox's reply box in a real browser: a moderator records a
voice note (Chromium's fake microphone) in a Telegram private thread and the fake Bot API
receives a sendVoice with Ogg/Opus bytes; another attaches a PDF to a WhatsApp reply and
the fake Graph server gets the media upload, then the message naming that media id."""

import os
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from passerelle.channels.models import ContactStatus
from passerelle.channels.services import channel_create
from passerelle.channels.voice import is_ogg_opus
from passerelle.conversations.models import Message, Thread
from passerelle.orgs.models import Role
from passerelle.testing.browser import ARGS, CHROMIUM, chromium_available
from passerelle.testing.factories import make_service, make_staff
from passerelle.testing.fakeplatforms import fixtures as fake_fixtures
from passerelle.testing.platforms import (
    LUC,
    fixture,
    make_whatsapp,
    post_meta,
    post_update,
    update,
)
from passerelle.testing.voice import opus_duration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

fake_telegram = fake_fixtures.fake_telegram
fake_graph = fake_fixtures.fake_graph

MEDIA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EMAIL, PASSWORD = "mod@voice.org", "s3cret-pass"


@pytest.fixture
def media_browser():
    if not chromium_available():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs it)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + MEDIA_ARGS)
        yield chromium
        chromium.close()


def _staff_page(browser, live_server, blocked, **options):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, **options)
    context.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    return page


def test_a_voice_note_recorded_in_the_reply_box_reaches_telegram_as_ogg_opus(
    live_server, media_browser, fake_telegram
):
    service = make_service("voice-browser")
    make_staff(service, Role.MODERATOR, email=EMAIL, password=PASSWORD)
    token = fake_fixtures.TELEGRAM_TOKEN
    tg = channel_create(
        service=service,
        type_slug="telegram",
        name="Telegram",
        secrets={"token": token, "webhook_secret": "webhook-secret-for-tests"},
        config={"api_base_url": fake_telegram.url, "bot_id": token.split(":")[0]},
    )
    assert post_update(Client(), tg, update("private_text")).status_code == 200
    thread = Thread.objects.get(service=service, kind="private")
    blocked = []
    page = _staff_page(media_browser, live_server, blocked)
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={thread.pk}")

    page.get_by_role("button", name="Record a voice note").click()
    expect(page.locator("#staff-file-recording")).to_be_visible()
    expect(page.locator("#staff-file-rec-time")).to_have_text("0:02", timeout=6_000)
    # Cancel throws the recording away; a second one is kept.
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#staff-file-recording")).to_be_hidden()
    expect(page.locator("#staff-file-attached")).to_be_hidden()
    # (Chromium's fake device needs a moment before it is opened again.)
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Record a voice note").click()
    expect(page.locator("#staff-file-rec-time")).to_have_text("0:03", timeout=8_000)
    page.get_by_role("button", name="Stop and keep").click()
    expect(page.locator("#staff-file-attached")).to_contain_text("Voice note (0:0", timeout=15_000)
    # The preview plays what will go out, from the server (Ogg/Opus already).
    preview = page.locator("#staff-file-preview")
    expect(preview).to_be_visible()
    src = preview.get_attribute("src")
    assert src.startswith("/files/")
    head = page.evaluate(
        "u => fetch(u).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b, 0, 4)))",
        src,
    )
    assert bytes(head) == b"OggS"
    expect(page.locator("#reply-text")).not_to_have_attribute("required", "")
    page.get_by_role("button", name="Send", exact=True).click()

    sent = page.locator("#msgs li.msg.out .media audio")
    expect(sent).to_have_count(1, timeout=10_000)
    expect(page.locator("#staff-file-attached")).to_be_hidden()  # the box is empty again
    (call,) = fake_telegram.calls("sendVoice")
    assert call.params["chat_id"] == LUC
    (voice,) = fake_telegram.uploaded("sendVoice")
    assert voice.data[:4] == b"OggS" and is_ogg_opus(voice.data)
    # Some sound (how much the fake microphone gave depends on the machine's load; the
    # remux keeping a recording's length is tests/channels/test_staff_files.py's).
    assert 0 < opus_duration(voice.data) < 6
    message = Message.objects.get(direction="out")
    assert message.media_kind == "voice" and message.extra["media"]["content_type"] == "audio/ogg"
    assert not blocked, blocked


def test_a_pdf_attached_to_a_whatsapp_reply_is_uploaded_then_sent_by_media_id(
    live_server, media_browser, fake_graph
):
    service = make_service("pdf-browser")
    make_staff(service, Role.MODERATOR, email=EMAIL, password=PASSWORD)
    channel = make_whatsapp(service, fake_graph)
    assert post_meta(Client(), channel, fixture("whatsapp", "text")).status_code == 200
    ContactStatus.objects.update(last_inbound_at=timezone.now() - timedelta(hours=1))
    thread = Thread.objects.get(service=service, kind="private")
    blocked = []
    page = _staff_page(media_browser, live_server, blocked)
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={thread.pk}")

    # A file the platform refuses is said in the box, and nothing is attached.
    page.locator("#staff-file-file").set_input_files(
        {"name": "bail.pdf", "mimeType": "application/pdf", "buffer": b"<html>not a pdf</html>"}
    )
    expect(page.locator("#staff-file-error")).not_to_be_empty()
    expect(page.locator("#staff-file-attached")).to_be_hidden()

    page.locator("#staff-file-file").set_input_files(
        {"name": "bail.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(page.locator("#staff-file-attached")).to_contain_text("bail.pdf")
    expect(page.locator("#staff-file-error")).to_be_empty()
    page.locator("#reply-text").fill("Votre bail")
    page.locator("#reply-form button[type=submit]").click()
    expect(page.locator("#msgs li.msg.out .media a")).to_contain_text("bail.pdf", timeout=10_000)

    (upload,) = fake_graph.whatsapp_uploads()
    assert upload.files["file"].data == PDF
    (sent,) = fake_graph.whatsapp_sends()
    document = sent.json["document"]
    assert sent.json["type"] == "document" and document["id"] in fake_graph.media
    assert document["caption"] == "Votre bail" and document["filename"] == "bail.pdf"
    assert fake_graph.media[document["id"]][1] == PDF
    assert not blocked, blocked
