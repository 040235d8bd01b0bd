"""Reads about communities."""

from django.db.models import Q

from passerelle.communities.models import Membership


def memberships_for(role, *, query: str = "", status: str = ""):
    """The service's memberships with their member and identities, newest first."""
    memberships = (
        Membership.objects.filter(service_id=role.service_id)
        .select_related("member")
        .prefetch_related("member__identities")
        .order_by("-joined_at", "-id")
    )
    if status:
        memberships = memberships.filter(status=status)
    if query:
        memberships = memberships.filter(
            Q(member__display_name__icontains=query)
            | Q(member__identities__address__icontains=query)
        ).distinct()
    return memberships


def membership_status(service, member) -> str:
    """The member's status in the service ("" when they never asked to join)."""
    if member is None:
        return ""
    return (
        Membership.objects.filter(service=service, member=member)
        .values_list("status", flat=True)
        .first()
        or ""
    )
