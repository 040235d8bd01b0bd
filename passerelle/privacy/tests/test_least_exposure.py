"""Addresses stay masked until a staff member who may see them asks; every look, page,
private thread and export is in the staff access log, which only administrators read."""

import pytest

from passerelle.channels.types.base import InboundEvent
from passerelle.communities.services import membership_ensure
from passerelle.conversations.services import message_receive, private_thread_for
from passerelle.members.models import StaffAccess
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role
from passerelle.privacy.erasure import member_erase
from passerelle.testing.factories import login_verified, make_channel, make_service, make_staff

pytestmark = pytest.mark.django_db

PHONE = "+16135550142"


@pytest.fixture
def setup():
    service = make_service("exposure")
    channel = make_channel(service, "simulator")
    member, _created = member_for_identity(
        org=service.org, platform="tel", address=PHONE, name="Hana Yousef", language="en"
    )
    membership = membership_ensure(service=service, member=member, via="test")
    users = {role: make_staff(service, role)[0] for role in Role.values}
    return service, channel, member, membership, users


def _login(client, user):
    login_verified(client, user)
    return client


def test_addresses_are_masked_on_the_member_list_and_page(client, setup):
    service, _channel, member, membership, users = setup
    for role in (Role.ADMIN, Role.MODERATOR):
        _login(client, users[role])
        for url in (
            f"/s/{service.slug}/members/",
            f"/s/{service.slug}/moderation/members/{membership.pk}/",
        ):
            page = client.get(url).content.decode()
            assert PHONE not in page and "16135550142" not in page, url
            assert "•••• 0142" in page, url
            assert "Show" in page, url


def test_partners_and_viewers_never_see_an_address(client, setup):
    service, _channel, member, membership, users = setup
    identity = member.identities.get()
    for role in (Role.PARTNER, Role.VIEWER):
        _login(client, users[role])
        assert client.get(f"/s/{service.slug}/members/").status_code == 404
        assert (
            client.get(f"/s/{service.slug}/moderation/members/{membership.pk}/").status_code == 404
        )
        reveal = client.post(f"/s/{service.slug}/addresses/{identity.pk}/reveal/")
        assert reveal.status_code == 404
    assert not StaffAccess.objects.filter(kind="reveal").exists()


def test_a_reveal_shows_the_address_once_and_is_logged(client, setup):
    service, _channel, member, _membership, users = setup
    identity = member.identities.get()
    url = f"/s/{service.slug}/addresses/{identity.pk}/reveal/"
    _login(client, users[Role.MODERATOR])
    assert client.get(url).status_code == 405  # a reveal is a POST: no prefetch, no link
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    (log,) = StaffAccess.objects.filter(kind="reveal")
    assert (log.user, log.member, log.detail) == (users[Role.MODERATOR], member, "tel")
    # Without htmx (no JavaScript) the POST shows a page with the address.
    assert PHONE in client.post(url).content.decode()
    assert StaffAccess.objects.filter(kind="reveal").count() == 2


def test_an_address_of_another_service_is_not_found(client, setup):
    service, _channel, _member, _membership, users = setup
    other = make_service("elsewhere", org=service.org)
    stranger, _created = member_for_identity(
        org=service.org, platform="tel", address="+15145550199"
    )
    membership_ensure(service=other, member=stranger)
    _login(client, users[Role.ADMIN])
    identity = stranger.identities.get()
    assert client.post(f"/s/{service.slug}/addresses/{identity.pk}/reveal/").status_code == 404


def test_a_name_never_becomes_a_phone_number(setup):
    service = setup[0]
    nameless, _created = member_for_identity(
        org=service.org, platform="tel", address="+16135550177"
    )
    assert nameless.display_name == "tel •••• 0177"


def test_member_page_private_thread_and_export_are_logged_for_the_admin_to_read(client, setup):
    service, channel, member, membership, users = setup
    moderator = users[Role.MODERATOR]
    _login(client, moderator)
    client.get(f"/s/{service.slug}/moderation/members/{membership.pk}/")
    thread = private_thread_for(service, member)
    client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}")
    client.post(f"/s/{service.slug}/privacy/members/{member.pk}/export/")
    kinds = list(StaffAccess.objects.order_by("id").values_list("kind", "user"))
    assert kinds == [
        ("member_page", moderator.pk),
        ("private_thread", moderator.pk),
        ("export", moderator.pk),
    ]
    # The group thread is nobody's private data: opening it logs nothing.
    client.get(f"/s/{service.slug}/inbox/?thread={thread.service.threads.get(kind='group').pk}")
    assert StaffAccess.objects.count() == 3

    log_url = f"/s/{service.slug}/privacy/access/"
    assert client.get(log_url).status_code == 404  # moderators do not read the log
    _login(client, users[Role.ADMIN])
    page = client.get(log_url).content.decode()
    assert page.count("Hana Yousef") == 3 and moderator.email in page
    assert "Opened the private conversation" in page and "Exported the member" in page
    assert client.post(log_url).status_code == 405  # read-only
    filtered = client.get(log_url, {"kind": "export"}).content.decode()
    assert filtered.count("Hana Yousef") == 1


def test_search_finds_a_whole_number_but_not_a_part(client, setup):
    service, _channel, _member, _membership, users = setup
    _login(client, users[Role.MODERATOR])
    url = f"/s/{service.slug}/members/"
    assert "Hana Yousef" in client.get(url, {"q": PHONE}).content.decode()
    assert "Hana Yousef" in client.get(url, {"q": "613-555-0142"}).content.decode()
    assert "Hana Yousef" not in client.get(url, {"q": "+1613"}).content.decode()


def test_inbox_messages_of_an_erased_member_show_the_placeholder(client, setup):
    service, channel, member, _membership, users = setup
    message_receive(
        channel=channel,
        member=member,
        event=InboundEvent(
            kind="message", sender_address=PHONE, text="my secret", thread_kind="private"
        ),
        at=member.created_at,
    )
    member_erase(member=member, reason="asked", service=service)
    _login(client, users[Role.MODERATOR])
    thread = private_thread_for(service, member)
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert "my secret" not in page and "Removed at the member&#x27;s request" in page
    assert "Erased member" in page
