"""Reads about communities."""

from passerelle.communities.models import Membership
from passerelle.members.selectors import member_search


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
        memberships = memberships.filter(member_search(query))
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
