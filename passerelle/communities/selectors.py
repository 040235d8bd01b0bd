"""Reads about communities."""

from django.db.models import Exists, OuterRef, Q

from passerelle.communities.models import Intake, Membership


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


def membership_of_sender(service, *, platform: str, address: str) -> Membership | None:
    """The membership, with its member, of whoever writes from `platform:address`, and
    whether an intake of theirs is answering questions (`intake_in_progress`); None when
    the service has no membership of theirs. An inbound event's first read: who wrote and
    where they stand, in one statement."""
    in_progress = Intake.objects.filter(membership=OuterRef("pk"), state=Intake.State.IN_PROGRESS)
    return (
        Membership.objects.select_related("member")
        .filter(
            service=service,
            member__identities__org_id=service.org_id,
            member__identities__platform=platform,
            member__identities__address=address,
        )
        .annotate(intake_in_progress=Exists(in_progress))
        .first()
    )


def _address_match(query: str) -> Q:
    # A whole address, or a phone number typed without its country code: addresses are
    # hidden on screen, so a part of one ("+1613") must not list everyone it matches.
    match = Q(member__identities__address=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 7 and all(ch.isdigit() or ch in "+-() ." for ch in query):
        match |= Q(member__identities__address__endswith=digits)
    return match
