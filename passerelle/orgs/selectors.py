"""Reads about staff and their roles. Every UI and API entry point starts here."""

from django.http import Http404

from passerelle.orgs.models import StaffRole


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
