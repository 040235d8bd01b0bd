"""In a real browser: removing a member asks first; "Cancel" leaves them in, "OK" removes."""

import pytest
from playwright.sync_api import expect

from passerelle.communities.models import Membership
from passerelle.communities.services import guidelines_from_template, membership_ensure
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_channel, make_service, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_remove_asks_for_confirmation(live_server, page):
    service = make_service("guards")
    guidelines_from_template(service=service, template="interactive")
    make_channel(service, "simulator")
    make_staff(service, Role.MODERATOR, email="mod@example.org", password="s3cret-pass")
    member, _ = member_for_identity(
        org=service.org, platform="sim", address="sim-karim", name="كريم", language="ar"
    )
    membership = membership_ensure(service=service, member=member)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill("s3cret-pass")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    page.goto(f"{live_server.url}/s/{service.slug}/moderation/members/{membership.pk}/")

    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    form = page.locator("form", has=page.get_by_role("button", name="Remove from the group"))
    form.locator("[name=reason]").fill("Menaces répétées")
    remove = form.get_by_role("button", name="Remove from the group")
    page.once("dialog", lambda d: answer(d, False))
    remove.click()
    expect(remove).to_be_visible()
    assert asked == ["Remove كريم from the group? They can be re-admitted later from their page."]
    membership.refresh_from_db()
    assert membership.status == "active"

    page.once("dialog", lambda d: answer(d, True))
    remove.click()
    expect(page.get_by_text("Member removed.")).to_be_visible()
    assert len(asked) == 2
    assert Membership.objects.get(pk=membership.pk).status == "removed"
