"""The warning ledger: warnings cite a clause, count towards removal, expire, can be undone."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from passerelle.channels.models import PlatformAction
from passerelle.communities.models import MembershipEvent
from passerelle.communities.services import guidelines_publish, policy_for
from passerelle.moderation.models import MemberWarning, RemovalProposal
from passerelle.moderation.services import (
    active_warnings,
    member_remove,
    warn_member,
    warning_withdraw,
)
from passerelle.moderation.tests.conftest import sent_to


def test_warning_is_private_cites_the_clause_and_counts(community, mod_role, posting):
    membership, message = posting("إعلان: أبيع سيارتي")
    warning = warn_member(
        role=mod_role,
        membership=membership,
        message=message,
        clause="advertising",
        reason="لا إعلانات تجارية",
    )
    assert warning.clause_number == 6 and warning.actor == mod_role.user
    text = sent_to(membership.member, 1)[0]
    assert "«إعلان: أبيع سيارتي»" in text and "6. الإعلانات: لا إعلانات تجارية أو شخصية" in text
    assert "هذا هو التحذير 1 من 2" in text and "ملاحظة المشرف: لا إعلانات تجارية" in text
    assert message.thread.kind == "group"
    assert text in list(
        membership.member.threads.get(kind="private").messages.values_list("text", flat=True)
    )
    event = MembershipEvent.objects.get(kind="warned")
    assert (event.actor, event.clause, event.reason) == (
        mod_role.user,
        "advertising",
        "لا إعلانات تجارية",
    )
    assert event.data["count"] == 1 and event.data["message"] == message.pk


def test_warning_in_the_members_language(community, mod_role, posting):
    membership, message = posting("Bonjour", sender="sim-luc", name="Luc", language="fr")
    warn_member(role=mod_role, membership=membership, message=message, clause="offensive")
    text = sent_to(membership.member, 1)[0]
    assert text.startswith(f"Un message privé de l'équipe de modération de {community.name}")
    assert "5. Contenu offensant : " in text


def test_two_warnings_propose_removal_then_the_ban_names_who_when_why_which_clause(
    community, mod_role, posting, django_capture_on_commit_callbacks
):
    membership, message = posting()
    warn_member(role=mod_role, membership=membership, message=message, clause="off_topic")
    assert not RemovalProposal.objects.exists()
    warn_member(role=mod_role, membership=membership, clause="offensive")
    proposal = RemovalProposal.objects.get(membership=membership, resolved_at__isnull=True)
    assert "2" in proposal.reason and proposal.clause == "offensive"
    assert MembershipEvent.objects.filter(kind="removal_proposed").count() == 1
    assert membership.events.latest("id").kind == "removal_proposed"
    membership.refresh_from_db()
    assert membership.status == "active"  # a proposal, not a removal

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        event = member_remove(
            role=mod_role, membership=membership, reason=proposal.reason, clause=proposal.clause
        )
    membership.refresh_from_db()
    assert membership.status == "removed"
    assert event.kind == "removed" and event.actor == mod_role.user
    assert event.created_at >= before and event.reason == proposal.reason
    assert event.clause == "offensive" and event.data["clause_number"] == 5
    assert event.data["warnings"] == 2 and event.data["automatic"] is False
    ban = PlatformAction.objects.get(action="ban")
    assert ban.params == {"user": "sim-amira"} and ban.state == "done"
    proposal.refresh_from_db()
    assert proposal.outcome == "removed" and proposal.resolved_by == mod_role.user
    removed_text = sent_to(membership.member, 1)[0]
    assert "تمت إزالتكم" in removed_text and "5. المحتوى المسيء" in removed_text


def test_automatic_removal_at_the_limit_when_configured(community, mod_role, posting):
    policy = policy_for(community)
    policy.auto_remove = True
    policy.save()
    membership, message = posting()
    warn_member(role=mod_role, membership=membership, message=message, clause="off_topic")
    warn_member(role=mod_role, membership=membership, clause="off_topic")
    membership.refresh_from_db()
    assert membership.status == "removed"
    event = membership.events.get(kind="removed")
    assert event.actor == mod_role.user and event.data["automatic"] is True
    assert event.clause == "off_topic"
    assert PlatformAction.objects.filter(action="ban").count() == 1
    assert not RemovalProposal.objects.exists()


def test_limit_is_a_service_setting(community, mod_role, posting):
    policy = policy_for(community)
    policy.warnings_before_removal = 3
    policy.save()
    membership, _message = posting()
    for _ in range(2):
        warn_member(role=mod_role, membership=membership, clause="offensive")
    assert not RemovalProposal.objects.exists()
    general = sent_to(membership.member, 1)[0]  # a warning about no message in particular
    assert "2 من 3" in general and "يرجى الالتزام" in general and "«" not in general
    warn_member(role=mod_role, membership=membership, clause="offensive")
    assert RemovalProposal.objects.count() == 1


def test_warnings_expire_when_the_service_says_so(community, mod_role, posting):
    policy = policy_for(community)
    policy.warning_expiry_days = 90
    policy.save()
    membership, _message = posting()
    old = warn_member(
        role=mod_role,
        membership=membership,
        clause="offensive",
        at=timezone.now() - timedelta(days=91),
    )
    assert old.expires_at < timezone.now()
    assert active_warnings(membership).count() == 0
    warn_member(role=mod_role, membership=membership, clause="offensive")
    assert active_warnings(membership).count() == 1 and not RemovalProposal.objects.exists()


def test_withdrawing_a_warning_undoes_it_and_closes_the_proposal(community, mod_role, posting):
    membership, _message = posting()
    first = warn_member(role=mod_role, membership=membership, clause="offensive")
    warn_member(role=mod_role, membership=membership, clause="offensive")
    assert RemovalProposal.objects.filter(resolved_at__isnull=True).count() == 1
    warning_withdraw(role=mod_role, warning=first)
    assert active_warnings(membership).count() == 1
    assert not RemovalProposal.objects.filter(resolved_at__isnull=True).exists()
    assert MembershipEvent.objects.get(kind="warning_withdrawn").actor == mod_role.user
    assert "ألغى مشرفو" in sent_to(membership.member, 1)[0]
    with pytest.raises(ValidationError):
        warning_withdraw(role=mod_role, warning=first)


def test_warning_cites_the_version_the_member_accepted(community, mod_role, posting):
    membership, _message = posting()
    membership.guidelines_accepted = community.guidelines.get()
    membership.save()
    guidelines_publish(
        service=community,
        texts={"en": "v2"},
        clauses=[{"key": "offensive", "title": {"en": "Be kind"}, "text": {"en": "No insults."}}],
    )
    warning = warn_member(role=mod_role, membership=membership, clause="offensive")
    assert warning.guidelines.version == 1 and warning.clause_number == 5


def test_bad_warnings_are_refused(community, mod_role, posting):
    membership, message = posting()
    with pytest.raises(ValidationError):
        warn_member(role=mod_role, membership=membership, clause="no_such_clause")
    other, _m = posting("x", sender="sim-other", name="Other")
    with pytest.raises(ValidationError):
        warn_member(role=mod_role, membership=other, message=message, clause="offensive")
    member_remove(role=mod_role, membership=other, reason="spam")
    other.refresh_from_db()
    with pytest.raises(ValidationError):
        warn_member(role=mod_role, membership=other, clause="offensive")
    assert MemberWarning.objects.count() == 0
