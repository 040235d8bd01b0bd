"""Reads about communities."""

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Subquery

from passerelle.channels.models import Channel
from passerelle.communities.models import Intake, Membership
from passerelle.conversations.models import Thread
from passerelle.members.models import Identity, Member
from passerelle.members.selectors import member_search
from passerelle.prompts.models import Prompt


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


def sender_of(service, *, platform: str, address: str) -> tuple[Member | None, Membership | None]:
    """(member, membership in `service`) of whoever writes from `platform:address`: (None,
    None) for someone never seen, (member, None) for someone with no membership here.

    An inbound event's first read, one statement whoever it is. The membership also says
    whether an intake of theirs is answering questions (`intake_in_progress`), whether a
    prompt waits for their answer (`prompt_open`), their
    private thread's id (`private_thread_id`), how many identities they have
    (`identity_count`) and how many active channels the service has
    (`active_channel_count`)."""
    member = OuterRef("member")
    in_progress = Intake.objects.filter(
        service=service, membership__member=member, state=Intake.State.IN_PROGRESS
    )
    open_prompt = Prompt.objects.filter(service=service, member=member, state=Prompt.State.OPEN)
    private_thread = Thread.objects.filter(
        service=service, member=member, kind=Thread.Kind.PRIVATE
    ).values("pk")[:1]
    channels = (
        Channel.objects.filter(service=service, is_active=True)
        .order_by()
        .values("service")
        .annotate(n=Count("pk"))
        .values("n")
    )
    identities = (
        Identity.objects.filter(member=member)
        .order_by()
        .values("member")
        .annotate(n=Count("pk"))
        .values("n")
    )
    member_fields = [f.attname for f in Member._meta.concrete_fields]
    membership_fields = [f.attname for f in Membership._meta.concrete_fields]
    facts = (
        "intake_in_progress",
        "prompt_open",
        "private_thread_id",
        "identity_count",
        "active_channel_count",
    )
    row = (
        Identity.objects.filter(org_id=service.org_id, platform=platform, address=address)
        .annotate(
            here=FilteredRelation(
                "member__memberships", condition=Q(member__memberships__service=service)
            ),
            intake_in_progress=Exists(in_progress),
            prompt_open=Exists(open_prompt),
            private_thread_id=Subquery(private_thread),
            identity_count=Subquery(identities),
            active_channel_count=Subquery(channels),
        )
        .values_list(
            *[f"member__{name}" for name in member_fields],
            *[f"here__{name}" for name in membership_fields],
            *facts,
        )
        .first()
    )
    if row is None:
        return None, None
    db = Identity.objects.db
    found = Member.from_db(db, member_fields, row[: len(member_fields)])
    values = row[len(member_fields) : len(member_fields) + len(membership_fields)]
    if values[0] is None:  # no membership in this service (the primary key is never null)
        return found, None
    membership = Membership.from_db(db, membership_fields, values)
    membership.member = found
    for name, value in zip(facts, row[-len(facts) :], strict=True):
        setattr(membership, name, value)
    return found, membership
