"""Reads about members: the addresses that reach them, their consents, who opened their
data. Staff-facing reads take the role first and fail closed."""

from django.db.models import Q
from django.http import Http404

from passerelle.channels.selectors import channels_by_platform
from passerelle.common.memo import once, remember
from passerelle.members.models import ConsentEvent, Identity, Member, StaffAccess


def member_search(query: str, member_field: str = "member_id") -> Q:
    """Rows whose member (`member_field`, the path to a member id from the rows searched)
    is named like `query` or reached at the address it gives. One semi-join on the members
    found (IN over a UNION), not a join with DISTINCT nor EXISTS on each row: the database
    starts from the few members found and reaches the rows through their own index."""
    named = Member.objects.filter(display_name__icontains=query).order_by().values("pk")
    reached = Identity.objects.filter(_address_match(query)).order_by().values("member_id")
    return Q(**{f"{member_field}__in": named.union(reached, all=True)})


def _address_match(query: str) -> Q:
    # A whole address, or a phone number typed without its country code: addresses are
    # hidden on screen, so a part of one ("+1613") must not list everyone it matches.
    match = Q(address=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 7 and all(ch.isdigit() or ch in "+-() ." for ch in query):
        match |= Q(address__endswith=digits)
    return match


def addresses_for(member, service_id: int) -> list:
    """(channel, address) pairs that reach this member privately in one service: every
    active channel of the service on a platform where the member has an identity."""
    if member is None or member.erased_at is not None:
        return []
    identities = once(
        ("identities", member.pk),
        lambda: dict(member.identities.values_list("platform", "address")),
    )
    return [
        (channel, identities[platform])
        for channel, platform in channels_by_platform(service_id)
        if identities.get(platform)
    ]


def member_created_now(member) -> None:
    """The member was created in the current unit of work (common.memo): nobody else can
    see them yet, so nothing of theirs (membership, thread) exists to look for."""
    remember(("member_created", member.pk), True)


def member_is_new(member) -> bool:
    """Whether the member was created in the current unit of work (False outside one)."""
    return once(("member_created", member.pk), lambda: False)


def identities_known(member, identities: dict) -> None:
    """All the member's identities ({platform: address}) are known already (read with
    something else): addresses_for in the current scope reads none."""
    remember(("identities", member.pk), dict(identities))


def addresses_for_many(members, service_id: int) -> dict:
    """addresses_for of many members of one service (a sweep): member id → pairs."""
    members = [m for m in members if m is not None and m.erased_at is None]
    if not members:
        return {}
    by_member: dict = {m.pk: {} for m in members}
    rows = Identity.objects.filter(member_id__in=list(by_member)).values_list(
        "member_id", "platform", "address"
    )
    for member_id, platform, address in rows:
        by_member[member_id][platform] = address
    channels = channels_by_platform(service_id)
    return {
        member_id: [(c, ids[p]) for c, p in channels if ids.get(p)]
        for member_id, ids in by_member.items()
    }


def address_on(member, channel) -> str:
    """The member's address on one channel's platform ('' when they have none there)."""
    if member.erased_at is not None:
        return ""
    return (
        member.identities.filter(platform=channel.channel_type.platform)
        .values_list("address", flat=True)
        .first()
    ) or ""


def _in_service(service_id: int) -> Q:
    # A member belongs to a service's data when they have a membership or a thread there.
    return Q(memberships__service_id=service_id) | Q(threads__service_id=service_id)


def member_get(role, member_id) -> Member:
    """One member of the role's service (a membership or a thread there), or 404."""
    if role is None or not str(member_id or "").isdigit():
        raise Http404("No such member")
    member = (
        Member.objects.filter(_in_service(role.service_id), pk=member_id, org_id=role.org_id)
        .distinct()
        .first()
    )
    if member is None:
        raise Http404("No such member")
    return member


def identity_get(role, identity_id) -> Identity:
    """One identity of a member of the role's service, or 404."""
    if role is None or not str(identity_id or "").isdigit():
        raise Http404("No such address")
    identity = (
        Identity.objects.filter(pk=identity_id, org_id=role.org_id)
        .filter(
            Q(member__memberships__service_id=role.service_id)
            | Q(member__threads__service_id=role.service_id)
        )
        .select_related("member")
        .distinct()
        .first()
    )
    if identity is None or identity.member.erased_at is not None:
        raise Http404("No such address")
    return identity


def identities_of(member) -> list[Identity]:
    """The member's identities, to show masked (an erased member has none to show)."""
    if member is None or member.erased_at is not None:
        return []
    return list(member.identities.order_by("platform", "id"))


CASE_ONLY = (ConsentEvent.Purpose.SERVICE, ConsentEvent.Purpose.CONFIDENTIALITY)


def consents_for(role, member) -> dict:
    """The member's consent history in the role's service and where each purpose stands."""
    if role is None or not role.can("moderate"):
        raise Http404("No such page")
    history = list(
        ConsentEvent.objects.filter(service_id=role.service_id, member=member)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
    )
    current = {}
    for event in reversed(history):  # oldest first: the latest decision wins
        # A consent scoped to one partner is not the purpose as a whole (consent_state).
        if event.action != ConsentEvent.Action.INFORMED and not event.scope:
            current[event.purpose] = event
    notice = next(
        (e for e in history if e.purpose == ConsentEvent.Purpose.PRIVACY_NOTICE),
        None,
    )
    return {
        "history": history,
        "current": [
            (purpose, label, current.get(purpose))
            for purpose, label in ConsentEvent.Purpose.choices
            if purpose != ConsentEvent.Purpose.PRIVACY_NOTICE
            # The case management purposes show where a client file recorded them.
            and (purpose not in CASE_ONLY or purpose in current)
        ],
        "last_notice": notice,
    }


def access_log(role, *, kind: str = "", member_id=None):
    """Who of the staff opened which member's data in the role's service, newest first."""
    if role is None or not role.can("access_log"):
        raise Http404("No such page")
    rows = StaffAccess.objects.filter(service_id=role.service_id).select_related("user", "member")
    if kind:
        rows = rows.filter(kind=kind)
    if member_id:
        rows = rows.filter(member_id=member_id)
    return rows.order_by("-created_at", "-id")


def consent_state(member, service_id: int) -> dict:
    """{(purpose, scope): the latest given / declined / withdrawn row} of the member in a
    service: where each consent stands now."""
    current = {}
    rows = ConsentEvent.objects.filter(service_id=service_id, member=member).exclude(
        action=ConsentEvent.Action.INFORMED
    )
    for event in rows.order_by("created_at", "id"):
        current[(event.purpose, event.scope)] = event
    return current


def consent_is_given(member, service_id: int, purpose: str, scope: str = "") -> bool:
    """Whether the member's latest answer for this purpose (and scope) is "given"."""
    latest = (
        ConsentEvent.objects.filter(service_id=service_id, member=member, purpose=purpose)
        .filter(scope=scope)
        .exclude(action=ConsentEvent.Action.INFORMED)
        .order_by("-created_at", "-id")
        .first()
    )
    return latest is not None and latest.action == ConsentEvent.Action.GIVEN
