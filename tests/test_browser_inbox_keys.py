"""In a real browser: j / k (and Alt+↓ / Alt+↑) move between conversations, never while
the moderator types in the reply box."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.conversations.services import message_record, private_thread_for
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import make_member
from passerelle.testing.factories import make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keys_open_the_next_and_previous_conversation(live_server, page):
    service = make_service("keys-browser")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    now = timezone.now()
    threads = []
    for n, name in enumerate(["Amira", "Bilal", "Chadi"]):
        thread = private_thread_for(service, make_member(service, name=name))
        # Newest first in the list: Amira, then Bilal, then Chadi.
        message_record(
            thread=thread, direction="in", text=f"Bonjour {name}", at=now - timedelta(minutes=n)
        )
        threads.append(thread)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[0].pk}")
    expect(page.locator("#thread-keys")).to_contain_text("Keyboard")

    page.keyboard.press("j")
    expect(page).to_have_url(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[1].pk}")
    page.keyboard.press("Alt+ArrowDown")
    expect(page).to_have_url(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[2].pk}")
    page.keyboard.press("j")  # the last one: nothing further
    page.wait_for_timeout(300)
    expect(page).to_have_url(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[2].pk}")
    page.keyboard.press("k")
    expect(page).to_have_url(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[1].pk}")

    # Typing "j" and "k" in the reply box writes them.
    box = page.locator("textarea").first
    box.click()
    page.keyboard.type("jk")
    expect(box).to_have_value("jk")
    page.wait_for_timeout(300)
    expect(page).to_have_url(f"{live_server.url}/s/{service.slug}/inbox/?thread={threads[1].pk}")
