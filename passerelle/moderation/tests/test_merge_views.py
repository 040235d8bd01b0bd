"""The merge pages: suggestions (same phone on SMS and WhatsApp, same name), the
confirmation showing both people and what moves, the merge, and its undo from the kept
member's page. Administrators and moderators only."""

import pytest

from passerelle.communities.models import Membership
from passerelle.communities.services import membership_remove
from passerelle.members.merge import member_merge
from passerelle.members.merge_selectors import merge_candidates
from passerelle.members.models import Member, MemberMerge
from passerelle.orgs.models import Role
from passerelle.testing import two_channels
from passerelle.testing.factories import make_staff

fake_graph = two_channels.fake_graph
fake_twilio = two_channels.fake_twilio
wa = two_channels.wa
sms = two_channels.sms
writes = two_channels.writes
role = two_channels.role
person = two_channels.person


def _urls(service, a, b, merge_id=0):
    base = f"/s/{service.slug}/moderation"
    return {
        "list": f"{base}/merge/",
        "confirm": f"{base}/merge/{a.pk}/{b.pk}/",
        "pick": f"{base}/merge/pick/?kept={a.pk}&merged={b.pk}",
        "undo": f"{base}/merges/{merge_id}/undo/",
    }


def test_the_same_phone_on_sms_and_whatsapp_is_suggested(service, person, role, writes, wa):
    a, b = person
    other = writes(wa, "Unrelated", address="+15875550199", name="Someone Else")
    pairs = merge_candidates(role)
    assert [(p["a"], p["b"], p["reasons"]) for p in pairs] == [(a, b, ["phone"])]
    assert [p["b"] for p in merge_candidates(role, member=a)] == [b]
    assert merge_candidates(role, member=other) == []


def test_the_same_name_is_suggested(service, wa, sms, writes, role):
    a = writes(wa, "Hi", address="+15875550101", name="Nour Saleh")
    b = writes(wa, "Hi", address="+15875550102", name="nour saleh")
    assert [p["reasons"] for p in merge_candidates(role, member=a)] == [["name"]]
    assert {a, b} == {merge_candidates(role)[0]["a"], merge_candidates(role)[0]["b"]}


def test_confirm_merge_then_undo_from_the_member_page(client, service, person, role):
    a, b = person
    membership_remove(membership=Membership.objects.get(member=b), reason="spam", actor=role.user)
    client.force_login(role.user)
    urls = _urls(service, a, b)
    listing = client.get(urls["list"]).content.decode()
    assert "Amal Haddad" in listing and "same phone number" in listing
    assert client.get(urls["pick"])["Location"] == urls["confirm"]
    page = client.get(urls["confirm"]).content.decode()
    assert 'id="merge-kept"' in page and 'id="merge-merged"' in page
    assert "Messages" in page and "never lets back in" in page
    assert not MemberMerge.objects.exists()  # looking moves nothing

    response = client.post(urls["confirm"])
    kept_membership = Membership.objects.get(member=a)
    assert response["Location"] == f"/s/{service.slug}/moderation/members/{kept_membership.pk}/"
    assert kept_membership.status == Membership.Status.REMOVED
    merge = MemberMerge.objects.get()
    member_page = client.get(response["Location"]).content.decode()
    assert f"/moderation/merges/{merge.pk}/undo/" in member_page
    assert "was merged into this person" in member_page

    # The undo asks first (without JavaScript, on a page), then undoes.
    urls = _urls(service, a, b, merge.pk)
    assert "Undo the merge?" in client.post(urls["undo"]).content.decode()
    assert MemberMerge.objects.get().undone_at is None
    client.post(urls["undo"], {"confirmed": "1"})
    assert MemberMerge.objects.get().undone_at is not None
    assert Member.objects.get(pk=b.pk).merged_into_id is None
    assert Membership.objects.get(member=b).status == Membership.Status.REMOVED


def test_a_failed_merge_says_why(client, service, person, role):
    a, b = person
    client.force_login(role.user)
    response = client.post(_urls(service, a, a)["confirm"], follow=True)
    assert "Choose two different people." in response.content.decode()
    assert not MemberMerge.objects.exists()


@pytest.mark.parametrize("kind", [Role.PARTNER, Role.VIEWER, Role.VOLUNTEER])
def test_partners_viewers_and_volunteers_see_no_merge_page(client, service, person, kind, role):
    a, b = person
    user, _other = make_staff(service, kind)
    client.force_login(user)
    urls = _urls(service, a, b)
    for url in (urls["list"], urls["confirm"], urls["pick"]):
        assert client.get(url).status_code == 404
    assert client.post(urls["confirm"]).status_code == 404
    assert not MemberMerge.objects.exists()
    merge = member_merge(role=role, kept=a, merged=b)
    assert (
        client.post(_urls(service, a, b, merge.pk)["undo"], {"confirmed": "1"}).status_code == 404
    )
    assert MemberMerge.objects.get().undone_at is None
