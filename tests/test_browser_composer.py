"""The composer in a real browser: "Reply privately" quotes the group post, "/" offers the
saved replies with their placeholders filled in, Ctrl+Enter sends, drafts survive a reload."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.conversations.models import Message
from passerelle.conversations.services import group_thread_for, message_record
from passerelle.faq.models import SavedReply
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POST = "أبحث عن شقة، هل من أحد يعرف؟ رقمي ٦١٣-٥٥٥-٠١٤٢"


def _login(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def test_reply_privately_with_a_saved_reply_and_ctrl_enter(live_server, page):
    service = make_service("composer")
    make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    member, _created = member_for_identity(
        org=service.org, platform="sim", address="sim-amira", name="أميرة", language="ar"
    )
    post = message_record(
        thread=group_thread_for(service),
        direction="in",
        member=member,
        text=POST,
        at=timezone.now(),
    )
    for title, language, text in [
        ("خاص", "ar", "مرحبا {member_name}، لا ننشر الأرقام في مجموعة {service_name}."),
        ("Private", "en", "Hello {member_name}, please keep numbers out of the group."),
    ]:
        SavedReply.objects.create(
            org=service.org, service=service, title=title, language=language, text=text
        )
    _login(page, live_server)
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={post.thread_id}")
    page.locator("li.msg", has_text="أبحث عن شقة").get_by_role(
        "button", name="Reply privately"
    ).click()
    box = page.get_by_label("Reply privately")
    expect(box).to_be_visible()
    expect(page.locator("#reply-quote")).to_contain_text("أبحث عن شقة")

    # "/" opens the menu with both; the member's language (Arabic) first.
    box.press_sequentially("/")
    menu = page.get_by_role("listbox", name="Saved replies")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("option")).to_have_count(2)
    expect(menu.get_by_role("option").first).to_contain_text("خاص")
    box.press_sequentially("pri")
    expect(menu.get_by_role("option", name="Private en")).to_be_visible()
    expect(menu.get_by_role("option", name="خاص ar")).to_be_hidden()
    box.press("Escape")
    box.fill("")
    box.press_sequentially("/")
    menu.get_by_role("option").first.click()
    filled = f"مرحبا أميرة، لا ننشر الأرقام في مجموعة {service.name}."
    expect(box).to_have_value(filled)
    expect(menu).to_be_hidden()

    # The draft is kept for this conversation across a reload (the quote comes with the link).
    page.reload()
    expect(page.get_by_label("Reply privately")).to_have_value(filled)

    page.get_by_label("Reply privately").press("Control+Enter")
    expect(page.locator("li.msg.out", has_text="لا ننشر الأرقام")).to_have_count(1)
    expect(page.get_by_label("Reply privately")).to_have_value("")
    sent = Message.objects.get(direction="out")
    assert sent.reply_to == post and sent.thread.kind == "private"
    assert sent.text.startswith("> أبحث عن شقة") and sent.text.endswith(filled)
    page.reload()
    expect(page.get_by_label("Reply privately")).to_have_value("")
