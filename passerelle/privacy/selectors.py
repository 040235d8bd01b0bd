"""Reads for the privacy pages; each takes the staff role first and fails closed."""

from django.db.models import Q
from django.http import Http404

from passerelle.communities.models import Membership
from passerelle.conversations.models import Message
from passerelle.moderation.models import MemberWarning
from passerelle.privacy.erasure import services_of
from passerelle.privacy.models import MemberErasure
from passerelle.questions.models import Question
from passerelle.referrals.models import Referral


def _require(role, capability: str) -> None:
    if role is None or not role.can(capability):
        raise Http404("No such page")


def erasure_preview(role, member) -> dict:
    """What an erasure will touch, counted across the organization, for the confirmation."""
    _require(role, "erase")
    mine = Q(member=member) | Q(thread__member=member)
    return {
        "services": services_of(member),
        "messages": Message.objects.filter(mine).count(),
        "memberships": Membership.objects.filter(member=member).count(),
        "questions": Question.objects.filter(member=member).count(),
        "referrals": Referral.objects.filter(member=member).count(),
        "warnings": MemberWarning.objects.filter(membership__member=member).count(),
        "identities": member.identities.count(),
    }


def erasures_for(role):
    """Erasures asked in the role's service, newest first (who and when, never what)."""
    _require(role, "access_log")
    return MemberErasure.objects.filter(service_id=role.service_id).select_related("actor")


def membership_in(role, member):
    """The member's membership in the role's service (None if they only have a thread)."""
    return Membership.objects.filter(service_id=role.service_id, member=member).first()
