"""Reads for the partner directory and referrals, inside the role's organization/service."""

import json

from django.db.models import Count, Q
from django.http import Http404

from passerelle.orgs.models import Role
from passerelle.referrals.models import Partner, PartnerService, Referral


def _partners(role):
    if role is None or not role.can("read"):
        return Partner.objects.none()
    # The directory belongs to the organization: all its services share it.
    return Partner.objects.filter(org_id=role.org_id)


def partners_for(role, *, query: str = "", category: str = "", include_inactive=False):
    """The organization's partners, searched by name, area, notes or service."""
    partners = _partners(role).prefetch_related("services")
    if not include_inactive:
        partners = partners.filter(is_active=True)
    if category:
        partners = partners.filter(services__category=category, services__is_active=True)
    if query:
        # Texts per language are JSON, which SQLite stores with non-ASCII letters escaped.
        escaped = json.dumps(query)[1:-1]
        partners = partners.filter(
            Q(name__icontains=query)
            | Q(area_served__icontains=query)
            | Q(services__name__icontains=query)
            | Q(description__icontains=query)
            | Q(description__icontains=escaped)
            | Q(intake_notes__icontains=query)
            | Q(intake_notes__icontains=escaped)
        )
    return partners.distinct().order_by("name", "id")


def partner_get(role, partner_id) -> Partner:
    """One partner of the role's organization, or 404."""
    partner = _partners(role).filter(pk=partner_id).first()
    if partner is None:
        raise Http404("No such partner")
    return partner


def partner_services_for(role):
    """Active services of active partners, for the referral form."""
    return (
        PartnerService.objects.filter(
            partner__in=_partners(role).filter(is_active=True), is_active=True
        )
        .select_related("partner")
        .order_by("partner__name", "category", "name")
    )


def partner_service_get(role, partner_service_id) -> PartnerService:
    """One active service of an active partner of the organization, or 404."""
    found = partner_services_for(role).filter(pk=partner_service_id).first()
    if found is None:
        raise Http404("No such partner service")
    return found


def _referrals(role):
    if role is None or not role.can("read"):
        return Referral.objects.none()
    referrals = Referral.objects.filter(service_id=role.service_id)
    if role.role == Role.PARTNER:
        referrals = referrals.filter(question__assignee=role.user)
    return referrals


def referrals_for(role, *, outcome: str = ""):
    """The service's referrals, newest first."""
    referrals = _referrals(role).select_related(
        "partner", "partner_service", "member", "question", "created_by"
    )
    if outcome:
        referrals = referrals.filter(outcome=outcome)
    return referrals.order_by("-created_at", "-id")


def referral_get(role, referral_id) -> Referral:
    referral = _referrals(role).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral")
    return referral


def referral_outcome_counts(role) -> dict:
    rows = _referrals(role).values("outcome").annotate(n=Count("id"))
    return {row["outcome"]: row["n"] for row in rows}
