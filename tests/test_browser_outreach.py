"""Outreach end to end in Chromium: a moderator writes a post in two languages, records a
voice note for it in the composer, schedules it; the scheduler sends it at its time; the
delivery report counts it; the web chat member's push subscription receives it (decrypted
by the fake push service, RFC 8291) and the member plays the voice note in the page."""

import os
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.posts.models import Post
from passerelle.posts.sending import posts_sweep
from passerelle.testing.browser import ARGS, CHROMIUM, chromium_available
from passerelle.testing.factories import make_channel, make_service, make_staff
from passerelle.testing.fakeplatforms import FakePushService
from tests.channels.test_webchat_app import _subscribe
from tests.test_browser_staff_media import MEDIA_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL, PASSWORD = "mod@outreach.org", "s3cret-pass"
TEXTS = {
    "en": "Information session on housing, Saturday 10:00.",
    "fr": "Séance d'information sur le logement, samedi 10 h.",
}


@pytest.fixture
def push(settings):
    with FakePushService() as server:
        settings.WEBPUSH_ENDPOINT_HOSTS = ["http://127.0.0.1"]
        yield server


@pytest.fixture
def chromium():
    if not chromium_available():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (installs it)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS + MEDIA_ARGS)
        yield browser
        browser.close()


def _page(browser, **options):
    page = browser.new_context(viewport={"width": 1100, "height": 900}, **options).new_page()
    page.set_default_timeout(15_000)
    return page


def test_a_voice_post_is_scheduled_sent_reported_pushed_and_played(live_server, chromium, push):
    service = make_service("outreach-browser", languages=("fr", "en"))
    chat = make_channel(service, "webchat")
    make_staff(service, Role.MODERATOR, email=EMAIL, password=PASSWORD)

    # A newcomer opens the web chat, writes once, is a member, and her browser subscribes.
    member_page = _page(chromium, locale="fr-FR")
    member_page.goto(f"{live_server.url}/chat/{chat.uuid}/")
    member_page.get_by_label("Votre nom").fill("Rana")
    member_page.locator("#wc-who button[type=submit]").click()
    member_page.get_by_label("Votre message").fill("Bonjour")
    member_page.locator("#wc-send button[value=private]").click()
    expect(member_page.locator("#wc-msgs li.msg.out")).to_have_count(1, timeout=10_000)
    rana = Message.objects.get(direction="in").member
    membership_ensure(service=service, member=rana, via="test")
    browser_client = Client()
    for cookie in member_page.context.cookies():
        browser_client.cookies[cookie["name"]] = cookie["value"]
    subscription = push.subscription(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
    assert _subscribe(browser_client, chat, subscription).status_code == 201

    # The moderator writes the post in two languages and records its voice note.
    page = _page(chromium)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/s/{service.slug}/posts/new/")
    page.get_by_label("Type").select_option("information")
    page.get_by_label("Text (English)").fill(TEXTS["en"])
    page.get_by_label("Text (Français)").fill(TEXTS["fr"])
    page.get_by_role("button", name="Record a voice note").click()
    expect(page.locator("#post-file-rec-time")).to_have_text("0:02", timeout=6_000)
    page.get_by_role("button", name="Stop and keep").click()
    expect(page.locator("#post-file-attached")).to_contain_text("Voice note", timeout=15_000)
    page.get_by_label("Every member, privately").check()
    expect(page.locator("#audience-count")).to_contain_text("1 member will get it.")
    at = (timezone.now() + timedelta(hours=2)).astimezone(service.tz).replace(second=0)
    page.get_by_label("Send at (empty: now)").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Send or schedule").click()
    expect(page.get_by_text("Post scheduled.")).to_be_visible()
    post = Post.objects.get()
    assert post.texts == TEXTS and post.media["kind"] == "voice"

    # Nothing before its time; at its time the scheduler sends it, once.
    assert posts_sweep(now=timezone.now()) == 0
    assert posts_sweep(now=at + timedelta(seconds=1)) == 1
    assert posts_sweep(now=at + timedelta(seconds=2)) == 0
    sent = Message.objects.get(direction="out", thread__kind="private", text=TEXTS["fr"])
    assert sent.media_kind == "voice" and sent.author is not None

    # The push service got one notification for her browser, decrypted with its keys.
    [pushed] = push.messages
    assert pushed.json["title"] == service.name

    # The delivery report counts it.
    page.goto(f"{live_server.url}/s/{service.slug}/posts/{post.pk}/")
    expect(page.locator('#post-report [data-key="recipients"]')).to_have_text("1")
    expect(page.locator('#post-report [data-key="sent"]')).to_have_text("1")

    # She reads it in French and plays the voice note in the page.
    post_in_feed = member_page.locator("#wc-msgs li.msg.in", has_text=TEXTS["fr"])
    expect(post_in_feed).to_have_count(1, timeout=15_000)
    audio = post_in_feed.locator("audio")
    expect(audio).to_have_count(1)
    audio.evaluate("a => a.play()")
    member_page.wait_for_function(
        "a => !a.error && a.currentTime > 0", arg=audio.element_handle(), timeout=10_000
    )
