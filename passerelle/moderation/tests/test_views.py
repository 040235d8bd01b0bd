"""The moderation pages: queue, one-click actions, undo, roles, tenancy, the audit log."""

import pytest
from django.contrib.admin.sites import site

from passerelle.channels.models import PlatformAction
from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.moderation.models import MemberWarning, Report
from passerelle.moderation.reports import message_flag
from passerelle.moderation.services import warn_member
from passerelle.moderation.tests.conftest import sent_to
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_service, make_staff


@pytest.fixture
def mod_client(client, mod_role):
    client.force_login(mod_role.user)
    return client


def _joined(newcomer):
    member = newcomer(kind="join_request")
    for answer in ["1", "1", "1", "1", "1"]:
        newcomer(answer)
    return member


def test_queue_shows_join_requests_proposals_and_reports(
    mod_client, community, newcomer, posting, mod_role
):
    _joined(newcomer)
    posting("سؤال عادي", sender="sim-y", name="Yara")
    membership, message = posting("رسالة مزعجة", sender="sim-x", name="Karim")
    message_flag(message=message, reason="spam words")
    Report.objects.create(
        org=community.org,
        service=community,
        message=message,
        source="member",
        reporter=membership.member,
        created_at=message.created_at,
    )
    for _ in range(2):
        warn_member(role=mod_role, membership=membership, clause="offensive")
    page = mod_client.get(f"/s/{community.slug}/moderation/").content.decode()
    assert "أميرة" in page and "المنطقة" in page  # the join request with its answers
    assert "Karim" in page and "2 active warnings" in page  # the removal proposal
    assert "رسالة مزعجة" in page and "spam words" in page and "2 reports" in page
    assert "سؤال عادي" not in page  # nothing reported about it
    nav = mod_client.get(f"/s/{community.slug}/inbox/").content.decode()
    assert f"/s/{community.slug}/moderation/" in nav and 'class="badge"' in nav


def test_accept_and_refuse_buttons(mod_client, community, newcomer):
    member = _joined(newcomer)
    intake = Intake.objects.get()
    url = f"/s/{community.slug}/moderation/joins/{intake.pk}/"
    response = mod_client.post(url + "refuse/", {"reason": ""})
    assert response.status_code == 302 and Intake.objects.get().state == "review"
    assert mod_client.post(url + "accept/").status_code == 302
    assert Membership.objects.get(member=member).status == "active"
    assert PlatformAction.objects.filter(action="approve_join").count() == 1
    # A second click (or a second moderator) does not accept twice.
    mod_client.post(url + "accept/")
    assert MembershipEvent.objects.filter(kind="accepted").count() == 1


def test_warn_from_the_message_page_and_undo(mod_client, community, posting):
    membership, message = posting("إهانة")
    page = mod_client.get(f"/s/{community.slug}/moderation/messages/{message.pk}/")
    assert page.status_code == 200 and "off_topic" in page.content.decode()
    base = f"/s/{community.slug}/moderation/"
    mod_client.post(f"{base}messages/{message.pk}/warn/", {"clause": "offensive", "reason": ""})
    warning = MemberWarning.objects.get()
    assert warning.message == message and warning.actor.email == "lina@example.org"
    page = mod_client.get(f"{base}members/{membership.pk}/").content.decode()
    assert "1 active warning" in page and "offensive" in page
    mod_client.post(f"{base}warnings/{warning.pk}/withdraw/")
    warning.refresh_from_db()
    assert warning.withdrawn_at is not None
    assert "ألغى مشرفو" in sent_to(membership.member, 1)[0]


def test_member_actions_by_post(mod_client, community, posting):
    membership, _message = posting()
    base = f"/s/{community.slug}/moderation/members/{membership.pk}/"
    mod_client.post(base + "mute/", {"hours": "2", "reason": "", "clause": ""})
    membership.refresh_from_db()
    assert membership.muted_until is not None
    mod_client.post(base + "unmute/")
    # Removing asks first (a page that works without JavaScript, sending the same fields).
    asked = mod_client.post(base + "remove/", {"reason": "Threats", "clause": "offensive"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "from the group? They can be re-admitted" in page
    assert 'name="reason" value="Threats"' in page and 'name="confirmed" value="1"' in page
    membership.refresh_from_db()
    assert membership.status == "active"
    mod_client.post(
        base + "remove/", {"reason": "Threats", "clause": "offensive", "confirmed": "1"}
    )
    membership.refresh_from_db()
    assert membership.status == "removed"
    mod_client.post(base + "readmit/", {"note": "Talked with a caseworker"})
    membership.refresh_from_db()
    assert membership.status == "active"
    mod_client.post(base + "leave/", {"note": "Asked by phone"})
    membership.refresh_from_db()
    assert membership.status == "left"
    kinds = list(membership.events.values_list("kind", flat=True))
    assert kinds[-5:] == ["muted", "unmuted", "removed", "readmitted", "left"]


def test_claim_shows_who_is_on_it(client, mod_client, community, posting):
    membership, _message = posting()
    base = f"/s/{community.slug}/moderation/members/{membership.pk}/"
    mod_client.post(base + "claim/")
    other, _role = make_staff(community, Role.MODERATOR, email="sami@example.org")
    client.force_login(other)
    page = client.get(base).content.decode()
    assert "On it: Lina" in page
    response = client.post(base + "warn/", {"clause": "offensive"}, follow=True)
    assert "Lina is handling this" in response.content.decode()
    assert not MemberWarning.objects.exists()


def test_audit_log_lists_who_when_why_which_clause_and_cannot_be_changed(
    mod_client, community, posting, mod_role
):
    membership, _message = posting()
    warn_member(role=mod_role, membership=membership, clause="privacy", reason="Phone number")
    url = f"/s/{community.slug}/moderation/audit/"
    page = mod_client.get(url).content.decode()
    assert "Warned" in page and "Lina" in page and "Phone number" in page
    # The clause by its number and title, not its internal key.
    number, clause = community.guidelines.order_by("-version").first().clause("privacy")
    assert f"{number}. {clause['title']['en']}" in page and "<code>privacy</code>" not in page
    assert 'class="event-warned"' in mod_client.get(url + "?kind=warned").content.decode()
    assert 'class="event-warned"' not in mod_client.get(url + "?kind=left").content.decode()
    assert mod_client.post(url).status_code == 405
    admin = site._registry[MembershipEvent]
    assert not admin.has_add_permission(None)
    assert not admin.has_change_permission(None) and not admin.has_delete_permission(None)


def test_moderator_of_service_a_cannot_read_or_act_on_service_b(client, community, posting):
    membership, message = posting()
    warning_role = make_staff(community, Role.MODERATOR)[1]
    warning = warn_member(role=warning_role, membership=membership, clause="offensive")
    other_service = make_service("service-a-other")
    user_a, _role = make_staff(other_service, Role.MODERATOR)
    client.force_login(user_a)
    b = community.slug
    for url in [
        f"/s/{b}/moderation/",
        f"/s/{b}/moderation/audit/",
        f"/s/{b}/moderation/members/{membership.pk}/",
        f"/s/{b}/moderation/messages/{message.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    a = other_service.slug
    for url in [
        f"/s/{a}/moderation/members/{membership.pk}/",
        f"/s/{a}/moderation/messages/{message.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    posts = [
        f"/s/{a}/moderation/members/{membership.pk}/remove/",
        f"/s/{b}/moderation/members/{membership.pk}/remove/",
        f"/s/{a}/moderation/messages/{message.pk}/delete/",
        f"/s/{a}/moderation/warnings/{warning.pk}/withdraw/",
    ]
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    membership.refresh_from_db()
    warning.refresh_from_db()
    assert membership.status == "active" and warning.withdrawn_at is None
    assert "Karim" not in client.get(f"/s/{a}/moderation/audit/").content.decode()


@pytest.mark.parametrize("role_name", [Role.PARTNER, Role.VIEWER])
def test_partner_and_viewer_cannot_see_the_queue(client, community, posting, role_name):
    membership, _message = posting()
    user, _role = make_staff(community, role_name)
    client.force_login(user)
    for url in [
        f"/s/{community.slug}/moderation/",
        f"/s/{community.slug}/moderation/audit/",
        f"/s/{community.slug}/moderation/members/{membership.pk}/",
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            f"/s/{community.slug}/moderation/members/{membership.pk}/remove/", {"reason": "x"}
        ).status_code
        == 404
    )
    if role_name == Role.PARTNER:
        page = client.get(f"/s/{community.slug}/inbox/").content.decode()
        assert "/moderation/" not in page


def test_member_list_links_to_the_moderation_page_for_moderators(mod_client, community, posting):
    membership, _message = posting()
    page = mod_client.get(f"/s/{community.slug}/members/").content.decode()
    assert f"/s/{community.slug}/moderation/members/{membership.pk}/" in page
