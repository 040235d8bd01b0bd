"""Nothing waits untracked: a newcomer's private message, never labelled, shows in the
overdue view once its due time has passed, and a staff reply takes it out."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.conversations.models import Message
from passerelle.orgs.models import Role
from passerelle.questions.models import Question
from passerelle.questions.tests.helpers import make_standard
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASKED = "Bonjour, j'attends toujours ma carte santé. Que faire ?"
REPLY = "Bonjour ! Appelez ServiceOntario, nous vous donnons le numéro."


def test_an_unlabelled_private_message_is_overdue_then_answered(live_server, page):
    service = make_service("waiting-browser")
    channel = make_channel(service, "simulator")
    make_standard(service)
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()

    # (The simulator is a staff tool: it opens in the moderator's browser.)
    newcomer = page.context.new_page()
    newcomer.goto(f"{live_server.url}/simulator/{channel.uuid}/")
    newcomer.get_by_label("Name", exact=True).fill("Claire")
    newcomer.get_by_label("Language", exact=True).select_option("fr")
    newcomer.get_by_role("button", name="Be this newcomer").click()
    newcomer.get_by_label("Your message").fill(ASKED)
    newcomer.get_by_role("button", name="Send privately").click()
    expect(newcomer.locator("#sim-msgs")).to_contain_text(ASKED)

    # Once the pipeline stored it, it is timed: the Open view lists it, not yet overdue.
    for _attempt in range(50):  # the worker's turn, not the clock's: time is moved below
        if Question.objects.exists():
            break
        page.wait_for_timeout(200)
    page.goto(f"{live_server.url}/s/{service.slug}/questions/?view=open")
    expect(page.get_by_role("link", name="Open (1)")).to_be_visible(timeout=10_000)
    item = Question.objects.get()
    assert item.source == "private" and item.message.text == ASKED and item.due_at > timezone.now()

    overdue = f"{live_server.url}/s/{service.slug}/questions/?view=overdue"
    page.goto(overdue)
    expect(page.locator("table.questions")).to_contain_text("No questions in this view.")

    # Time passes: the message came three days ago, its due time is behind us.
    past = timezone.now() - timedelta(days=3)
    Message.objects.filter(pk=item.message_id).update(created_at=past)
    Question.objects.filter(pk=item.pk).update(
        received_at=past, due_at=past + timedelta(days=1), warn_at=past + timedelta(hours=22)
    )
    page.goto(overdue)
    row = page.locator(f"tr[data-question='{item.pk}']")
    expect(row).to_contain_text(ASKED)
    expect(row).to_contain_text("Private message waiting")
    expect(row).to_have_class("overdue")
    expect(page.get_by_role("link", name="Overdue (1)")).to_be_visible()

    # The moderator replies in the conversation, from the ordinary reply box.
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={item.thread_id}")
    page.get_by_label("Reply privately").fill(REPLY)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("li.msg.out", has_text=REPLY)).to_have_count(1)

    page.goto(overdue)
    expect(page.locator("table.questions")).to_contain_text("No questions in this view.")
    expect(page.get_by_role("link", name="Overdue (0)")).to_be_visible()
    item.refresh_from_db()
    assert item.status == "answered" and item.answers.get().message.text == REPLY
    expect(newcomer.locator("#sim-msgs")).to_contain_text(REPLY, timeout=10_000)
