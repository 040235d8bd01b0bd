"""The Promote page in a real browser: a key message copied to the clipboard, a QR code
downloaded and decoded back to the join link; the page at phone width and in Arabic."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from passerelle.channels.services import channel_create
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def test_copy_a_key_message_and_decode_a_downloaded_qr_code(live_server, page):
    service = make_service("promo-walk", languages=("en", "fr", "ar"))
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    sms = channel_create(
        service=service,
        type_slug="sms_twilio",
        name="SMS line",
        config={"account_sid": "AC" + "1" * 32, "from_number": "+15875550100"},
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    _login(page, live_server)
    page.get_by_role("link", name="Promote").click()
    expect(page.get_by_role("heading", name="Key messages")).to_be_visible()

    # The texts carry the SMS line's join words in place of {join_link}.
    page.get_by_label("Join link in the texts").select_option(label="SMS — SMS line")
    page.get_by_role("button", name="Show").click()
    card = page.locator("article.promo-text", has_text="Short description")
    card.get_by_role("button", name="Copy (English)").click()
    expect(card.get_by_role("button", name="Copied")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Service ") and copied.endswith("Join: Text JOIN to +15875550100")

    link = page.locator(f"#channel-{sms.pk}")
    with page.expect_download() as download:
        link.get_by_role("link", name="QR code (PNG)").click()
    data = open(download.value.path(), "rb").read()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert [r.text for r in found] == ["sms:+15875550100?body=JOIN"]

    # The poster opens in a new tab, right to left in Arabic.
    page.get_by_label("Poster language").select_option("ar")
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Open the poster").click()
    poster = opened.value
    poster.wait_for_load_state()
    assert poster.locator("html").get_attribute("dir") == "rtl"
    expect(poster.locator(".codes li")).to_have_count(1)


def test_promote_page_fits_a_phone_in_arabic(live_server, browser):
    service = make_service("promo-phone", languages=("ar", "en"))
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    channel_create(
        service=service,
        type_slug="telegram",
        name="Groupe",
        config={"bot_username": "promo_phone_bot"},
    )
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    _login(page, live_server)
    page.goto(f"{live_server.url}/s/{service.slug}/promote/")
    page.locator("#lang-select").select_option("ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="الرسائل الرئيسية")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    context.close()


def test_quiet_group_notice_in_the_inbox_fills_the_group_reply_box(live_server, page):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from passerelle.channels.types.base import InboundEvent
    from passerelle.conversations.services import message_receive
    from passerelle.members.services import member_for_identity
    from passerelle.testing.factories import make_channel

    service = make_service("promo-quiet", languages=("en", "fr"))
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    member, _created = member_for_identity(
        org=service.org, platform="sim", address="sim-1", name="Amal", language="en"
    )
    day = timezone.localdate(timezone=service.tz) - timedelta(days=8)
    message_receive(
        channel=make_channel(service, "simulator"),
        member=member,
        event=InboundEvent(
            kind="message",
            sender_address="sim-1",
            text="Thanks!",
            thread_kind="group",
            platform_message_id="m-1",
        ),
        at=datetime.combine(day, time(12), tzinfo=service.tz),
    )
    _login(page, live_server)
    notice = page.locator("#activity-prompt")
    expect(notice).to_contain_text("The group has been quiet for 8 days")
    prompt = notice.locator("blockquote").inner_text()
    assert prompt.endswith("?")
    notice.get_by_role("link", name="Post it").click()
    expect(page.get_by_label("Text (English)")).to_have_value(prompt)
    expect(page.get_by_label("Type")).to_have_value("discussion-prompt")
    page.go_back()
    page.locator("#activity-prompt").get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("status").filter(has_text="Suggestion hidden")).to_be_visible()
    expect(page.locator("#activity-prompt")).to_have_count(0)
