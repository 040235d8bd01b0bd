"""Reads about communities."""

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, Subquery

from passerelle.channels.models import Channel
from passerelle.common.compiled import Compiled
from passerelle.communities.models import Membership
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
    else:
        # A membership emptied into another by a member merge is no one's to list.
        memberships = memberships.exclude(status=Membership.Status.MERGED)
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


_MEMBER_FIELDS = [f.attname for f in Member._meta.concrete_fields]
_MEMBERSHIP_FIELDS = [f.attname for f in Membership._meta.concrete_fields]
_FACTS = (
    "prompt_open",
    "private_thread_id",
    "identity_count",
    "active_channel_count",
)


def _sender_query(*, service_id: int, org_id: int, platform: str, address: str):
    member = OuterRef("member")
    open_prompt = Prompt.objects.filter(
        service_id=service_id, member=member, state=Prompt.State.OPEN
    )
    private_thread = Thread.objects.filter(
        service_id=service_id, member=member, kind=Thread.Kind.PRIVATE
    ).values("pk")[:1]
    channels = (
        Channel.objects.filter(service_id=service_id, is_active=True)
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
    return (
        Identity.objects.filter(org_id=org_id, platform=platform, address=address)
        .annotate(
            here=FilteredRelation(
                "member__memberships", condition=Q(member__memberships__service_id=service_id)
            ),
            prompt_open=Exists(open_prompt),
            private_thread_id=Subquery(private_thread),
            identity_count=Subquery(identities),
            active_channel_count=Subquery(channels),
        )
        .values_list(
            *[f"member__{name}" for name in _MEMBER_FIELDS],
            *[f"here__{name}" for name in _MEMBERSHIP_FIELDS],
            *_FACTS,
        )
        .order_by("pk")[:1]
    )


# Built by the ORM once per connection: compiling it cost 2.5 ms an event (common.compiled).
_SENDER = Compiled(_sender_query, service_id=int, org_id=int, platform=str, address=str)


def sender_of(service, *, platform: str, address: str) -> tuple[Member | None, Membership | None]:
    """(member, membership in `service`) of whoever writes from `platform:address`: (None,
    None) for someone never seen, (member, None) for someone with no membership here.

    An inbound event's first read, one statement whoever it is. The membership also says
    whether a prompt waits for their answer (`prompt_open`: an intake's question too),
    their private thread's id
    (`private_thread_id`), how many identities they have (`identity_count`) and how many
    active channels the service has (`active_channel_count`)."""
    rows = _SENDER.rows(
        service_id=service.pk, org_id=service.org_id, platform=platform, address=address
    )
    if not rows:
        return None, None
    row, db = rows[0], Identity.objects.db
    member_count, membership_count = len(_MEMBER_FIELDS), len(_MEMBERSHIP_FIELDS)
    found = Member.from_db(db, _MEMBER_FIELDS, row[:member_count])
    values = row[member_count : member_count + membership_count]
    if values[0] is None:  # no membership in this service (the primary key is never null)
        return found, None
    membership = Membership.from_db(db, _MEMBERSHIP_FIELDS, values)
    membership.member = found
    for name, value in zip(_FACTS, row[-len(_FACTS) :], strict=True):
        setattr(membership, name, value)
    return found, membership
