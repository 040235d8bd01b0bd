"""The web chat in a real browser: a new visitor sees no group message before the intake;
a removed visitor sees none after (issue 9, finding 2)."""

import pytest
from playwright.sync_api import expect

from passerelle.communities.models import Membership
from passerelle.communities.services import guidelines_from_template, intake_questions_add_defaults
from passerelle.conversations.services import group_thread_for, message_send
from passerelle.testing.factories import make_channel, make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP_NEWS = "Atelier logement samedi à 10 h"


def test_the_group_stays_closed_until_the_join_path_and_closes_again_on_removal(live_server, page):
    service = make_service("chat-join")
    guidelines_from_template(service=service, template="interactive")
    intake_questions_add_defaults(service=service)
    chat = make_channel(service, "webchat")
    message_send(thread=group_thread_for(service), text=GROUP_NEWS)

    page.goto(f"{live_server.url}/chat/{chat.uuid}/")
    page.get_by_label("Your name").fill("Rana")
    page.get_by_label("Your language").select_option("fr")
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#wc-status")).to_contain_text("The group opens once you have joined")
    page.get_by_label("Your message").fill("Bonjour à tous")
    page.get_by_role("button", name="Post to the group").click()
    # The intake begins in the private conversation; the group's news stays hidden.
    expect(page.locator("#wc-msgs li").first).to_be_visible(timeout=10_000)
    expect(page.locator("#wc-status")).to_contain_text("in progress")
    expect(page.locator("#wc-msgs")).not_to_contain_text(GROUP_NEWS)
    membership = Membership.objects.get()
    assert membership.status == "pending"

    # Accepted (as a moderator would), the group opens; removed, it closes again.
    Membership.objects.filter(pk=membership.pk).update(status="active")
    page.reload()
    expect(page.locator("#wc-msgs")).to_contain_text(GROUP_NEWS, timeout=10_000)
    Membership.objects.filter(pk=membership.pk).update(status="removed")
    page.reload()
    expect(page.locator("#wc-status")).to_contain_text("not a member", timeout=10_000)
    expect(page.locator("#wc-msgs")).not_to_contain_text(GROUP_NEWS)
