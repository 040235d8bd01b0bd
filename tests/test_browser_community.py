"""In a real browser: a newcomer asks to join and answers in Arabic, a moderator accepts;
a member's post is warned from the inbox and the warning reaches the newcomer privately."""

import pytest
from playwright.sync_api import expect

from passerelle.communities.models import Membership
from passerelle.communities.services import guidelines_from_template, intake_questions_add_defaults
from passerelle.moderation.models import MemberWarning
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup(slug):
    service = make_service(slug)
    guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    channel = make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    return service, channel


def _login(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def _newcomer(page, live_server, channel, name):
    newcomer = page.context.new_page()
    newcomer.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    newcomer.get_by_label("Name", exact=True).fill(name)
    newcomer.get_by_label("Language", exact=True).select_option("ar")
    newcomer.get_by_role("button", name="Be this newcomer").click()
    return newcomer


def _say(newcomer, text, chat="Send privately"):
    newcomer.get_by_label("Your message").fill(text)
    newcomer.get_by_role("button", name=chat).click()
    expect(newcomer.get_by_label("Your message")).to_have_value("")


def test_join_request_intake_in_arabic_then_moderator_accepts(live_server, page):
    service, channel = _setup("join-browser")
    _login(page, live_server)
    newcomer = _newcomer(page, live_server, channel, "سلمى")
    msgs = newcomer.locator("#sim-msgs")

    newcomer.get_by_role("button", name="Ask to join").click()
    expect(msgs).to_contain_text("ما هي اللغة التي تفضلونها؟")
    for answer, next_question in [
        ("1", "هل تسكنون في المنطقة"),
        ("١", "هل وصلتم إلى كندا"),
        ("1", "كيف تفضلون الحصول على المساعدة؟"),
        ("3", "هل توافقون على هذه الإرشادات؟"),
        ("نعم", "سيراجع أحد المشرفين طلبكم"),
    ]:
        _say(newcomer, answer)
        expect(msgs).to_contain_text(next_question)

    page.goto(f"{live_server.url}/s/{service.slug}/moderation/")
    request = page.locator("article.queue-item", has_text="سلمى")
    expect(request).to_contain_text("هل تسكنون في المنطقة")
    request.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted; the welcome message is on its way.")).to_be_visible()
    expect(page.locator("article.queue-item", has_text="سلمى")).to_have_count(0)

    expect(msgs).to_contain_text("تم قبول طلبكم", timeout=10_000)
    expect(msgs).to_contain_text(f"/g/{service.slug}/v1/?lang=ar")
    assert Membership.objects.get(member__display_name="سلمى").status == "active"


def test_moderator_warns_a_post_from_the_inbox_and_the_member_reads_it(live_server, page):
    service, channel = _setup("warn-browser")
    _login(page, live_server)
    newcomer = _newcomer(page, live_server, channel, "خالد")
    post = "من سيفوز في الانتخابات؟"
    _say(newcomer, post, chat="Post to the group")

    message = page.locator("li.msg", has_text=post)
    expect(message).to_be_visible(timeout=10_000)
    message.get_by_role("link", name="Moderate").click()
    expect(page.get_by_role("heading", name="Moderate a message")).to_be_visible()
    warn = page.locator("#warn-form")
    warn.get_by_label("Guideline clause").select_option("off_topic")
    warn.get_by_label("Note to the member (optional)").fill("هذه المجموعة للأسئلة عن الاستقرار")
    warn.get_by_role("button", name="Send the warning").click()
    expect(page.get_by_text("Warning sent.")).to_be_visible()
    expect(page.get_by_text("1 active warning")).to_be_visible()

    msgs = newcomer.locator("#sim-msgs")
    expect(msgs).to_contain_text("هذا هو التحذير 1 من 2", timeout=10_000)
    expect(msgs).to_contain_text("3. المواضيع المقبولة وغير المقبولة")
    warning = MemberWarning.objects.get()
    assert warning.clause == "off_topic" and warning.actor.email == "mod@example.org"
