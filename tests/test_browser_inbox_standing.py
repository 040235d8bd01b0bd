"""In a real browser: a member who sent /leave shows "Left" in the conversation list and
in the thread header; a reply to them asks for confirmation first, and goes out once
confirmed (the next one without asking again)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.communities.models import Membership
from passerelle.communities.services import guidelines_from_template
from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "Bonne continuation ! Vous pouvez revenir quand vous voulez."


def _say(newcomer, text, chat="Send privately"):
    newcomer.get_by_label("Your message").fill(text)
    newcomer.get_by_role("button", name=chat).click()
    expect(newcomer.get_by_label("Your message")).to_have_value("")


def test_a_member_who_left_is_shown_and_a_reply_asks_first(live_server, page):
    service = make_service("standing-browser")
    guidelines_from_template(service=service, template="interactive")
    channel = make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    newcomer = page.context.new_page()
    newcomer.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    newcomer.get_by_label("Name", exact=True).fill("Claire")
    newcomer.get_by_label("Language", exact=True).select_option("fr")
    newcomer.get_by_role("button", name="Be this newcomer").click()
    _say(newcomer, "Bonjour à tous", chat="Post to the group")
    _say(newcomer, "Merci pour votre aide")
    _say(newcomer, "/leave")
    for _attempt in range(50):  # the worker's turn
        if Membership.objects.filter(status=Membership.Status.LEFT).exists():
            break
        page.wait_for_timeout(200)
    membership = Membership.objects.get()
    assert membership.status == Membership.Status.LEFT
    day = timezone.localtime(membership.ended_at, service.tz).date().isoformat()

    thread = Message.objects.get(text="Merci pour votre aide").thread
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={thread.pk}")
    link = page.locator(f'#threads a[data-thread="{thread.pk}"]')
    expect(link.locator('[data-standing="left"]')).to_have_text("Left")
    expect(page.locator("#thread-standing")).to_contain_text(f"Left the service on {day}")
    expect(page.locator("#reply-standing")).to_contain_text("This person left the service")

    # The first send asks; dismissed, nothing goes out.
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_label("Reply privately").fill(REPLY)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_label("Reply privately")).to_have_value(REPLY)
    assert questions and "This person left the service" in questions[0]
    assert not Message.objects.filter(direction="out", text=REPLY).exists()

    # Confirmed: the reply is sent.
    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("li.msg.out", has_text=REPLY)).to_have_count(1)
    assert len(questions) == 2
    assert Message.objects.filter(direction="out", text=REPLY).count() == 1

    # Asked once per page: the next reply goes straight out.
    page.get_by_label("Reply privately").fill("Une dernière information.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("li.msg.out", has_text="Une dernière information.")).to_have_count(1)
    assert len(questions) == 2
