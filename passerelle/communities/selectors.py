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
            Q(member__display_name__icontains=query) | _address_match(query)
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


def _address_match(query: str) -> Q:
    # A whole address, or a phone number typed without its country code: addresses are
    # hidden on screen, so a part of one ("+1613") must not list everyone it matches.
    match = Q(member__identities__address=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 7 and all(ch.isdigit() or ch in "+-() ." for ch in query):
        match |= Q(member__identities__address__endswith=digits)
    return match
