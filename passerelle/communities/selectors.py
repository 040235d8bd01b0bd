"""Reads about communities."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from passerelle.channels.models import Channel
from passerelle.communities.models import Intake, Membership
from passerelle.conversations.models import Thread
from passerelle.members.models import Identity


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
    whether an intake of theirs is answering questions (`intake_in_progress`), their
    private thread's id (`private_thread_id`), how many identities they have
    (`identity_count`) and how many active channels the service has
    (`active_channel_count`); None when the service has no membership of theirs. An inbound
    event's first read: who wrote and where they stand, in one statement."""
    in_progress = Intake.objects.filter(membership=OuterRef("pk"), state=Intake.State.IN_PROGRESS)
    private_thread = Thread.objects.filter(
        service=OuterRef("service"), member=OuterRef("member"), kind=Thread.Kind.PRIVATE
    ).values("pk")[:1]
    channels = (
        Channel.objects.filter(service=OuterRef("service"), is_active=True)
        .order_by()
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    identities = (
        Identity.objects.filter(member=OuterRef("member"))
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Membership.objects.select_related("member")
        .filter(
            service=service,
            member__identities__org_id=service.org_id,
            member__identities__platform=platform,
            member__identities__address=address,
        )
        .annotate(
            intake_in_progress=Exists(in_progress),
            private_thread_id=Subquery(private_thread),
            identity_count=Subquery(identities),
            active_channel_count=Subquery(channels),
        )
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
