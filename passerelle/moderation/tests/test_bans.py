"""The ban list: a removal with a duration that keeps the person out until it ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import PlatformAction
from passerelle.communities.models import Intake, Membership
from passerelle.moderation.bans import ban_lift, member_ban
from passerelle.moderation.models import Ban
from passerelle.moderation.services import member_readmit

pytestmark = pytest.mark.django_db


def test_a_ban_removes_and_keeps_out_until_it_ends(community, mod_role, posting, newcomer):
    membership, _message = posting("مرحبا")
    at = timezone.now() - timedelta(days=8)
    ban = member_ban(role=mod_role, membership=membership, reason="Menaces", days=7, at=at)
    membership.refresh_from_db()
    assert membership.status == "removed" and ban.until == at + timedelta(days=7)
    assert PlatformAction.objects.filter(action="ban").exists()
    # Over: a post in the group is the way back in (the intake), as after leaving.
    newcomer("أريد العودة", chat="group")
    assert Intake.objects.filter(membership=membership).exists()
    assert Membership.objects.get(pk=membership.pk).status == "pending"


def test_while_a_ban_lasts_nobody_readmits_and_posts_are_refused(
    community, mod_role, posting, newcomer
):
    membership, _message = posting("مرحبا")
    ban = member_ban(role=mod_role, membership=membership, reason="Menaces", days=30)
    with pytest.raises(ValidationError, match="banned until"):
        member_readmit(role=mod_role, membership=membership, note="erreur")
    with pytest.raises(ValidationError, match="banned until"):
        member_ban(role=mod_role, membership=membership, reason="encore", days=7)
    newcomer("أريد العودة", chat="group")
    assert not Intake.objects.filter(membership=membership).exists()
    assert Membership.objects.get(pk=membership.pk).status == "removed"
    ban_lift(role=mod_role, ban=ban)
    member_readmit(role=mod_role, membership=membership, note="Parlé avec elle")
    assert Membership.objects.get(pk=membership.pk).status == "active"


def test_until_lifted_and_unknown_durations(community, mod_role, posting):
    membership, _message = posting("مرحبا")
    with pytest.raises(ValidationError):
        member_ban(role=mod_role, membership=membership, reason="x", days=3)
    ban = member_ban(role=mod_role, membership=membership, reason="Spam", days=0)
    assert ban.until is None and Ban.active_for(membership, timezone.now() + timedelta(days=999))


def test_the_pages_ban_after_confirmation_and_list_them(client, community, mod_role, posting):
    membership, _message = posting("مرحبا", sender="sim-karim", name="Karim")
    client.force_login(mod_role.user)
    page = client.get(f"/s/{community.slug}/moderation/members/{membership.pk}/").content
    assert "Never banned." in page.decode() and 'id="ban-form"' in page.decode()
    url = f"/s/{community.slug}/moderation/members/{membership.pk}/ban/"
    fields = {"days": "30", "reason": "Menaces", "clause": ""}
    asked = client.post(url, fields).content.decode()
    assert "Ban Karim (30 days)?" in asked and not Ban.objects.exists()
    client.post(url, {**fields, "confirmed": "1"})
    ban = Ban.objects.get()
    page = client.get(f"/s/{community.slug}/moderation/members/{membership.pk}/").content
    assert "banned until" in page.decode() and "Lift the ban" in page.decode()
    listing = client.get(f"/s/{community.slug}/moderation/bans/").content.decode()
    assert "Karim" in listing and "Menaces" in listing and f"ban-{ban.pk}" in listing
    client.post(f"/s/{community.slug}/moderation/bans/{ban.pk}/lift/", {"next": "list"})
    ban.refresh_from_db()
    assert ban.lifted_at is not None and ban.lifted_by == mod_role.user
