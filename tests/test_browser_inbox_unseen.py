"""Nothing waits unseen (issue 14): the arrival marker and the tab title's count, status
and assignment with the views, a search result opening its thread at the message, and
the web chat opening at the newest message."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import private_thread_for
from passerelle.orgs.models import Role
from passerelle.questions.tests.helpers import inbound, make_member
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _login(page, url, email):
    page.goto(f"{url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def _history(service, member, n, *, private=True):
    start = timezone.now() - timedelta(days=3)
    return [
        inbound(
            service,
            member=member,
            private=private,
            text=f"Message {i} of {member.display_name}",
            at=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]


def _at_bottom(page):
    return page.evaluate(
        "() => { const l = document.getElementById('msgs');"
        " return l.scrollHeight - l.scrollTop - l.clientHeight < 40; }"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_arrival_marker_when_scrolled_up_pinned_at_the_bottom_and_title_count(
    live_server, page, viewport
):
    page.set_viewport_size(viewport)
    service = make_service("unseen")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    amal, bilal = make_member(service, name="Amal"), make_member(service, name="Bilal")
    _history(service, amal, 40)
    _history(service, bilal, 2)
    Thread.objects.filter(member=bilal).update(unread_count=2)
    thread = private_thread_for(service, amal)

    _login(page, live_server.url, "mod@example.org")
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={thread.pk}")
    # Bilal's two unread messages are in the title; the open conversation is at its end.
    expect(page).to_have_title("(2) Inbox — " + service.name + " · Passerelle")
    assert _at_bottom(page)

    page.evaluate("document.getElementById('msgs').scrollTop = 0")
    inbound(service, member=amal, private=True, text="Are you there?", at=timezone.now())
    marker = page.locator("#new-marker")
    expect(marker).to_be_visible(timeout=10_000)
    expect(marker).to_contain_text("New messages ↓ 1")
    expect(page).to_have_title("(3) Inbox — " + service.name + " · Passerelle")
    assert not _at_bottom(page)  # the moderator's place is kept

    marker.click()
    expect(marker).to_be_hidden()
    expect(page.locator("li.msg", has_text="Are you there?")).to_be_in_viewport()
    expect(page).to_have_title("(2) Inbox — " + service.name + " · Passerelle")

    # At the bottom, the next message comes into view by itself, with no marker.
    inbound(service, member=amal, private=True, text="Hello again", at=timezone.now())
    expect(page.locator("li.msg", has_text="Hello again")).to_be_in_viewport(timeout=10_000)
    expect(marker).to_be_hidden()
    assert _at_bottom(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_status_and_assignment_from_the_header_and_the_views(live_server, page, viewport):
    page.set_viewport_size(viewport)
    service = make_service("unseen-status")
    moderator, _role = make_staff(
        service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass"
    )
    amal, bilal = make_member(service, name="Amal"), make_member(service, name="Bilal")
    _history(service, amal, 3)
    _history(service, bilal, 3)
    thread = private_thread_for(service, amal)
    other = private_thread_for(service, bilal)

    _login(page, live_server.url, "mod@example.org")
    page.goto(f"{live_server.url}/s/{service.slug}/inbox/?thread={thread.pk}")
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_label("Status")).to_have_value("resolved")
    expect(page.locator(f'#threads a[data-thread="{thread.pk}"]')).to_contain_text("Resolved")

    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Change the status").click()
    page.get_by_label("Assigned to").select_option(label="mod@example.org")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_label("Assigned to")).to_have_value(str(moderator.pk))
    assert Thread.objects.get(pk=thread.pk).assignee.email == "mod@example.org"
    # The header's forms fit a phone's width.
    box = page.locator("#thread-status").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]

    page.get_by_role("link", name="My conversations").click()
    expect(page.locator(f'#threads a[data-thread="{thread.pk}"]')).to_be_visible()
    expect(page.locator(f'#threads a[data-thread="{other.pk}"]')).to_have_count(0)
    page.get_by_role("link", name="Unassigned").click()
    expect(page.locator(f'#threads a[data-thread="{other.pk}"]')).to_be_visible()
    expect(page.locator(f'#threads a[data-thread="{thread.pk}"]')).to_have_count(0)
    # Waiting for us: both, the member spoke last in each.
    page.get_by_role("link", name="Waiting for us").click()
    expect(page.locator("#threads a[data-thread]")).to_have_count(2)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_search_result_shows_its_context_and_jumps_to_the_message(live_server, page, viewport):
    page.set_viewport_size(viewport)
    service = make_service("unseen-search")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    amal = make_member(service, name="Amal")
    messages = _history(service, amal, 90, private=False)
    target = messages[7]

    _login(page, live_server.url, "mod@example.org")
    page.get_by_label("Search conversations").fill("Message 7 of")
    page.get_by_role("button", name="Search").click()
    result = page.locator(f'.matches a[data-match="{target.pk}"]')
    expect(result).to_contain_text("Message 6 of Amal")  # the one before
    expect(result).to_contain_text("Message 8 of Amal")  # the one after
    expect(result.locator("mark")).to_have_text("Message 7 of")
    result.click()
    hit = page.locator(f"#msg-{target.pk}")
    expect(hit).to_have_class("msg in hit")
    expect(hit).to_be_in_viewport()
    expect(hit.locator("mark")).to_have_text("Message 7 of")
    assert "Message 89 of Amal" not in page.locator("#msgs").inner_text()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_web_chat_opens_at_the_newest_message_in_time_order(live_server, page, viewport):
    page.set_viewport_size(viewport)
    service = make_service("unseen-chat")
    chat = make_channel(service, "webchat")
    page.goto(f"{live_server.url}/chat/{chat.uuid}/")
    page.get_by_label("Your name").fill("Rana")
    page.get_by_label("Your language").select_option("fr")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Your message").fill("Bonjour")
    page.get_by_role("button", name="Ask the moderator privately").click()
    expect(page.locator("#wc-msgs")).to_contain_text("Bonjour", timeout=10_000)
    member = Message.objects.get(text="Bonjour").member

    # A long history whose ids do not follow its times (as the demo's): the newest by
    # time was stored first, 120 older ones after it.
    now = timezone.now()
    inbound(service, member=member, private=True, text="The newest answer", at=now)
    for i in range(120):
        at = now - timedelta(days=9) + timedelta(minutes=i)
        inbound(service, member=member, private=True, text=f"Old {i}", at=at)
    page.reload()
    newest = page.locator("#wc-msgs li", has_text="The newest answer")
    expect(newest).to_be_in_viewport(timeout=10_000)
    texts = page.locator("#wc-msgs li .text").all_inner_texts()
    # In time order: the old history, the member's first message, then the newest.
    assert texts[-3:] == ["Old 119", "Bonjour", "The newest answer"], texts[-3:]

    # Scrolled up to read, the member sends: their own message comes into view.
    page.evaluate("document.getElementById('wc-msgs').scrollTop = 0")
    page.get_by_label("Your message").fill("Merci beaucoup")
    page.get_by_role("button", name="Ask the moderator privately").click()
    expect(page.locator("#wc-msgs li", has_text="Merci beaucoup")).to_be_in_viewport(timeout=10_000)


# Records the notifications the page shows (the browser's own API, kept working).
RECORD_NOTIFICATIONS = """
window.__shown = [];
const Real = window.Notification;
window.Notification = function (title, options) {
  window.__shown.push(title + " | " + (options && options.body));
  return new Real(title, options);
};
Object.defineProperty(window.Notification, "permission", {get: () => Real.permission});
window.Notification.requestPermission = (...a) => Real.requestPermission(...a);
"""


def test_browser_notifications_turned_on_then_announce_a_new_private_message(live_server, browser):
    service = make_service("unseen-alerts")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    amal = make_member(service, name="Amal")
    _history(service, amal, 2)
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(RECORD_NOTIFICATIONS)
    page = context.new_page()
    _login(page, live_server.url, "mod@example.org")
    page.locator(".alerts-settings summary").click()
    page.get_by_label("Show browser notifications").check()
    # The page, reloaded, first asks where the alerts stand: what comes after is new.
    with page.expect_response(lambda r: "/inbox/alerts/" in r.url and "?" not in r.url):
        page.get_by_role("button", name="Save the alerts").click()
    expect(page.locator(".alerts-settings summary")).to_contain_text("browser notifications")

    inbound(service, member=amal, private=True, text="Is anyone there?", at=timezone.now())
    # Alerts are polled every 10 s; a loaded machine may take a few polls.
    page.wait_for_function("() => window.__shown.length > 0", timeout=35_000)
    assert page.evaluate("window.__shown") == ["New private message from Amal | Is anyone there?"]
    context.close()
