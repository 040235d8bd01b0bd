"""A post in a real browser: written in two languages, its audience counted live (htmx),
scheduled, sent by the scheduler job at its time, and its delivery report read."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.posts.models import Post
from passerelle.posts.sending import posts_sweep
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_schedule_send_and_read_the_delivery_report(live_server, page):
    service = make_service("posts-browser", languages=("en", "fr"))
    make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    for address, language in (("sim-amira", "fr"), ("sim-luc", "en")):
        member, _created = member_for_identity(
            org=service.org, platform="sim", address=address, name=address, language=language
        )
        membership_ensure(service=service, member=member, via="test")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Posts").click()
    page.get_by_role("link", name="New post").click()
    page.get_by_label("Type").select_option("job-offer")
    page.get_by_label("Text (English)").fill("A cook is wanted at the centre.")
    page.get_by_label("Text (Français)").fill("On cherche un cuisinier au centre.")
    page.get_by_label("Every member, privately").check()
    expect(page.locator("#audience-count")).to_contain_text("2 members will get it.")
    at = (timezone.now() + timedelta(hours=3)).astimezone(service.tz).replace(second=0)
    page.get_by_label("Send at (empty: now)").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Send or schedule").click()
    expect(page.get_by_text("Post scheduled.")).to_be_visible()
    expect(page.locator("#post-state")).to_have_text("Scheduled")
    post = Post.objects.get()
    assert post.texts == {
        "en": "A cook is wanted at the centre.",
        "fr": "On cherche un cuisinier au centre.",
    }
    assert posts_sweep(now=timezone.now()) == 0  # not its time yet
    assert posts_sweep(now=at + timedelta(seconds=1)) == 2
    assert sorted(Message.objects.values_list("text", flat=True)) == [
        "A cook is wanted at the centre.",
        "On cherche un cuisinier au centre.",
    ]
    page.reload()
    expect(page.locator("#post-state")).to_have_text("Sent")
    expect(page.locator('#post-report [data-key="recipients"]')).to_have_text("2")
    expect(page.locator('#post-report [data-key="total"]')).to_have_text("2")
    expect(page.get_by_role("button", name="Cancel the post")).to_have_count(0)
