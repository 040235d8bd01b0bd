"""In a real browser at phone width: an address stays masked until a moderator clicks to
see it (and the look is logged); an administrator erases a member's data only after
giving a reason and confirming on a second screen."""

import pytest
from playwright.sync_api import expect

from passerelle.channels.types.base import InboundEvent
from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_receive
from passerelle.members.models import Member, StaffAccess
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+16135550142"
PASSWORD = "s3cret-pass"


def _setup(slug):
    service = make_service(slug)
    channel = make_channel(service, "simulator")
    member, _created = member_for_identity(
        org=service.org, platform="tel", address=PHONE, name="Hana Yousef", language="en"
    )
    membership = membership_ensure(service=service, member=member, via="test")
    message_receive(
        channel=channel,
        member=member,
        event=InboundEvent(
            kind="message",
            sender_address=PHONE,
            text="My case number is 4471",
            thread_kind="private",
        ),
        at=member.created_at,
    )
    make_staff(service, Role.MODERATOR, email=f"mod@{slug}.org", password=PASSWORD)
    make_staff(service, Role.ADMIN, email=f"admin@{slug}.org", password=PASSWORD)
    return service, member, membership


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _login_verified(page, live_server, email):
    # Administrators sign in with two factors: hand the browser a verified session.
    from django.contrib.auth import get_user_model
    from django.test import Client

    from passerelle.testing.factories import login_verified

    client = Client()
    login_verified(client, get_user_model().objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _login(page, live_server, email):
    if email.startswith("admin@"):
        _login_verified(page, live_server, email)
        return
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_address_is_revealed_on_click_and_the_look_is_logged(live_server, phone):
    service, member, membership = _setup("reveal-browser")
    _login(phone, live_server, "mod@reveal-browser.org")
    phone.goto(f"{live_server.url}/s/{service.slug}/moderation/members/{membership.pk}/")
    identities = phone.locator("#member-identities")
    expect(identities).to_contain_text("•••• 0142")
    assert PHONE not in phone.content()
    assert _fits(phone)

    identities.get_by_role("button", name="Show the full tel address (logged)").click()
    expect(identities.locator("[data-revealed]")).to_have_text(PHONE)
    expect(
        identities.get_by_role("button", name="Show the full tel address (logged)")
    ).to_have_count(0)
    (log,) = StaffAccess.objects.filter(kind="reveal")
    assert log.user.email == "mod@reveal-browser.org" and log.member == member
    # Reloading masks it again: every look is a new, logged reveal.
    phone.reload()
    expect(phone.locator("#member-identities")).to_contain_text("•••• 0142")
    assert PHONE not in phone.content()

    # The member list masks it too.
    phone.goto(f"{live_server.url}/s/{service.slug}/members/")
    expect(phone.locator("table.members")).to_contain_text("•••• 0142")
    assert PHONE not in phone.content() and _fits(phone)


def test_erasing_asks_a_reason_then_a_confirmation(live_server, phone):
    service, member, membership = _setup("erase-browser")
    _login(phone, live_server, "admin@erase-browser.org")
    phone.goto(f"{live_server.url}/s/{service.slug}/moderation/members/{membership.pk}/")
    phone.get_by_role("link", name="Erase their data…").click()
    expect(phone.get_by_role("heading", name="Erase a person's data")).to_be_visible()
    assert _fits(phone)

    # No reason, no next step.
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Erase a person's data")).to_be_visible()
    phone.get_by_label("Why (for the record)").fill("asked by phone")
    phone.get_by_role("button", name="Continue").click()
    dialog = phone.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Erase everything about Hana Yousef?")
    expect(dialog).to_contain_text("1 message becomes a placeholder")
    expect(dialog).to_contain_text("This cannot be undone.")
    assert _fits(phone)

    # Cancel goes back, nothing erased.
    dialog.get_by_role("link", name="Cancel").click()
    expect(phone.get_by_role("heading", name="Erase a person's data")).to_be_visible()
    assert Member.objects.get(pk=member.pk).erased_at is None

    phone.get_by_label("Why (for the record)").fill("asked by phone")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("button", name="Yes, erase this person's data").click()
    expect(phone.get_by_text("The person's data was erased.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Erased member")).to_be_visible()
    expect(phone.locator("#erased-note")).to_be_visible()
    expect(phone.locator("ul.msgs")).to_contain_text("Removed at the member's request")
    assert "Hana" not in phone.content() and "4471" not in phone.content()
    erased = Member.objects.get(pk=member.pk)
    assert erased.erased_at is not None and erased.erasure.actor.email == "admin@erase-browser.org"
    assert Message.objects.get(member=erased).text == ""
