"""Reads about staff and their roles. Every UI and API entry point starts here."""

from django.core import signing
from django.http import Http404

from passerelle.orgs.models import Organization, Role, StaffInvitation, StaffRole


def roles_for(user):
    """The user's roles, one per service, with the service loaded."""
    if not user.is_authenticated:
        return StaffRole.objects.none()
    return (
        StaffRole.objects.filter(user=user)
        .select_related("service", "org")
        .order_by("service__name")
    )


def role_for(user, service_slug: str, capability: str = "read") -> StaffRole:
    """The user's role in a service, or 404: a service you have no role in does not exist."""
    role = roles_for(user).filter(service__slug=service_slug).first()
    if role is None or not role.can(capability):
        raise Http404("No such service")
    return role


def invitation_from_token(token: str):
    """The pending invitation a link names, or None (forged, expired, used or withdrawn)."""
    try:
        pk = signing.loads(token, salt=StaffInvitation.SALT, max_age=StaffInvitation.DAYS * 86400)
    except signing.BadSignature:
        return None
    invitation = StaffInvitation.objects.select_related("service").filter(pk=pk).first()
    return invitation if invitation is not None and invitation.is_usable else None


def organisations_administered(user):
    """The organisations where the user may set up a service: those where they administer
    at least one service (an organisation has no role of its own: docs/setup.md)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return (
        Organization.objects.filter(staff_roles__user=user, staff_roles__role=Role.ADMIN)
        .distinct()
        .order_by("name")
    )
