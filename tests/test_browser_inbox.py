"""A newcomer asks in the simulator; the moderator sees it live, labels and replies."""

import re

import pytest
from playwright.sync_api import expect

from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "كيف أسجل أولادي في المدرسة؟"
ANSWER = "يمكنك التسجيل في مركز استقبال الطلاب، سأرسل لك العنوان."


def test_question_in_simulator_reaches_inbox_and_reply_reaches_newcomer(live_server, page):
    service = make_service("ottawa-test")
    channel = make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    newcomer = page.context.new_page()
    newcomer.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    newcomer.get_by_label("Name", exact=True).fill("فاطمة")
    newcomer.get_by_label("Language", exact=True).select_option("ar")
    newcomer.get_by_role("button", name="Be this newcomer").click()
    newcomer.get_by_label("Your message").fill(QUESTION)
    newcomer.get_by_role("button", name="Post to the group").click()
    expect(newcomer.locator("#sim-msgs")).to_contain_text(QUESTION)

    # No reload: the inbox's poller brings the message in.
    question = page.locator("li.msg", has_text=QUESTION)
    expect(question).to_be_visible(timeout=10_000)
    question.get_by_label("Label").select_option("request")
    expect(page.locator("li.msg", has_text=QUESTION)).to_have_attribute("data-label", "request")
    message = Message.objects.get(text=QUESTION)
    assert message.label == "request" and message.labelled_by.email == "mod@example.org"

    page.get_by_label("Reply in the group").fill(ANSWER)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("li.msg.out", has_text=ANSWER)).to_have_count(1)
    expect(page.get_by_label("Reply in the group")).to_have_value("")

    expect(newcomer.locator("#sim-msgs")).to_contain_text(ANSWER, timeout=10_000)
    assert Message.objects.filter(text=ANSWER, direction="out").count() == 1
    expect(page.locator("li.msg", has_text=re.compile("فاطمة"))).to_have_count(1)

    # "Reply privately" is a POST (it may create the thread) and opens the member's thread.
    page.locator("li.msg", has_text=QUESTION).get_by_role("button", name="Reply privately").click()
    expect(page.get_by_label("Reply privately")).to_be_visible()
    assert message.member.threads.filter(kind="private").count() == 1
