"""In a real browser at phone width: a moderator sees that the person writing by SMS has
the WhatsApp number of a member, compares the two side by side, merges them, and undoes
the merge from the member's page."""

import pytest
from playwright.sync_api import expect

from passerelle.channels.types.base import InboundEvent
from passerelle.communities.models import Membership
from passerelle.communities.services import membership_ensure
from passerelle.conversations.models import Message
from passerelle.conversations.services import message_receive
from passerelle.members.models import Member, MemberMerge
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "s3cret-pass"


def _person(service, channel, platform, address, name, text):
    member, _created = member_for_identity(
        org=service.org, platform=platform, address=address, name=name, language="en"
    )
    membership_ensure(service=service, member=member, via="test")
    message_receive(
        channel=channel,
        member=member,
        event=InboundEvent(kind="message", sender_address=address, text=text),
        at=member.created_at,
    )
    return member


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the undo's "are you sure?"
    yield page
    context.close()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_moderator_merges_two_members_after_comparing_them_then_undoes_it(live_server, phone):
    service = make_service("merge-browser")
    channel = make_channel(service, "simulator")
    amal = _person(service, channel, "whatsapp", "16135550142", "Amal Haddad", "Bonjour")
    sms = _person(service, channel, "tel", "+16135550142", "", "Hello by SMS")
    make_staff(service, Role.MODERATOR, email="mod@merge-browser.org", password=PASSWORD)

    phone.goto(f"{live_server.url}/login/")
    phone.get_by_label("Email").fill("mod@merge-browser.org")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("heading", name="Inbox")).to_be_visible()

    kept = Membership.objects.get(member=amal)
    phone.goto(f"{live_server.url}/s/{service.slug}/moderation/members/{kept.pk}/")
    section = phone.locator("#merge")
    expect(section).to_contain_text("same phone number")
    section.get_by_role("link", name="Compare and merge…").click()

    expect(phone.get_by_role("heading", name="Merge two members")).to_be_visible()
    expect(phone.locator("#merge-kept")).to_contain_text("Amal Haddad")
    expect(phone.locator("#merge-merged")).to_contain_text(f"#{sms.pk}")
    expect(phone.locator("#merge-moving")).to_contain_text("Messages: 1")
    assert _fits(phone)
    phone.get_by_role("button", name="Merge", exact=True).click()

    expect(phone.locator("#merge")).to_contain_text("was merged into this person")
    assert Member.objects.get(pk=sms.pk).merged_into_id == amal.pk
    assert Message.objects.filter(member=amal).count() == 2
    assert _fits(phone)

    phone.get_by_role("button", name="Undo the merge").click()
    expect(phone.get_by_text("The merge is undone")).to_be_visible()
    assert MemberMerge.objects.get().undone_at is not None
    assert Message.objects.filter(member=sms).count() == 1
    expect(phone.locator("#merge")).to_contain_text("same phone number")
