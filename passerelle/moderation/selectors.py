"""Reads for the moderation queue, member history and audit log; role first, fail closed."""

from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone

from passerelle.communities.models import Intake, Membership, MembershipEvent
from passerelle.conversations.models import Message
from passerelle.members.models import Member
from passerelle.moderation.claims import claims_active, target_of
from passerelle.moderation.models import MemberWarning, RemovalProposal, Report

RECENT_MESSAGES = 20


def _moderator(role) -> None:
    if role is None or not role.can("moderate"):
        raise Http404("No such page")


def _warning_counts(service_id, member_ids) -> dict[int, int]:
    now = timezone.now()
    rows = (
        MemberWarning.objects.filter(
            service_id=service_id, membership__member_id__in=member_ids, withdrawn_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("membership__member_id")
        .annotate(n=Count("id"))
    )
    return {r["membership__member_id"]: r["n"] for r in rows}


def queue_for(role) -> dict:
    """Join requests to decide, removal proposals, reported and flagged messages, claims."""
    _moderator(role)
    sid = role.service_id
    intakes = Intake.objects.filter(service_id=sid, state=Intake.State.REVIEW)
    intakes = intakes.select_related("membership__member", "channel").prefetch_related(
        "membership__member__identities"
    )
    # A volunteer (where the service keeps them from it) decides without the answers.
    answers_hidden = not role.can("see_intake")
    if not answers_hidden:
        intakes = intakes.prefetch_related("answers__question")
    intakes = list(intakes.order_by("completed_at", "id")[:100])
    for intake in intakes:
        intake.answers_hidden = answers_hidden
    proposals = list(
        RemovalProposal.objects.filter(service_id=sid, resolved_at__isnull=True)
        .select_related("membership__member")
        .order_by("created_at", "id")[:100]
    )
    # Both conditions on the same join: a message without reports has a NULL resolved_at too.
    open_reports = Q(reports__isnull=False, reports__resolved_at__isnull=True)
    messages = list(
        Message.objects.filter(service_id=sid)
        .filter(open_reports)
        .annotate(
            open_count=Count("reports", filter=open_reports),
            member_reports=Count("reports", filter=open_reports & Q(reports__source="member")),
            first_report=Min("reports__created_at", filter=open_reports),
        )
        .select_related("member", "thread")
        .order_by("first_report", "id")[:100]
    )
    reasons, suggestions = {}, {}
    for report in Report.objects.filter(message__in=messages, resolved_at__isnull=True).exclude(
        reason="", detected=""
    ):
        reasons.setdefault(report.message_id, []).append(report.shown_reason)
        if report.suggested_action:
            suggestions.setdefault(report.message_id, set()).add(report.suggested_action)
    member_ids = {m.member_id for m in messages if m.member_id}
    member_ids |= {p.membership.member_id for p in proposals}
    warnings = _warning_counts(sid, member_ids)
    memberships = {
        m.member_id: m for m in Membership.objects.filter(service_id=sid, member_id__in=member_ids)
    }
    for message in messages:
        message.flag_reasons = reasons.get(message.pk, [])
        message.suggestions = sorted(suggestions.get(message.pk, ()))
        message.author_warnings = warnings.get(message.member_id, 0)
        message.author_membership = memberships.get(message.member_id)
    for proposal in proposals:
        proposal.active_warnings = warnings.get(proposal.membership.member_id, 0)
    targets = [target_of(x) for x in intakes + messages] + [
        target_of(p.membership) for p in proposals
    ]
    claims = claims_active(sid, targets)
    for item in intakes + messages:
        item.claim = claims.get(target_of(item))
    for proposal in proposals:
        proposal.claim = claims.get(target_of(proposal.membership))
    return {"intakes": intakes, "proposals": proposals, "reported": messages}


def queue_count(role) -> int:
    """How many things wait in the queue (for the navigation badge)."""
    if role is None or not role.can("moderate"):
        return 0
    sid = role.service_id
    return (
        Intake.objects.filter(service_id=sid, state=Intake.State.REVIEW).count()
        + RemovalProposal.objects.filter(service_id=sid, resolved_at__isnull=True).count()
        + Message.objects.filter(
            service_id=sid, reports__isnull=False, reports__resolved_at__isnull=True
        )
        .distinct()
        .count()
    )


def membership_get(role, membership_id) -> Membership:
    """One membership of the role's service, or 404."""
    _moderator(role)
    membership = (
        Membership.objects.filter(service_id=role.service_id, pk=membership_id)
        .select_related("member", "service", "guidelines_accepted")
        .first()
    )
    if membership is None:
        raise Http404("No such member")
    return membership


def intake_get(role, intake_id) -> Intake:
    _moderator(role)
    intake = (
        Intake.objects.filter(service_id=role.service_id, pk=intake_id)
        .select_related("membership__member", "service", "guidelines", "channel")
        .first()
    )
    if intake is None:
        raise Http404("No such join request")
    return intake


def moderated_message_get(role, message_id) -> Message:
    _moderator(role)
    message = (
        Message.objects.filter(service_id=role.service_id, pk=message_id)
        .select_related("member", "thread", "channel", "service")
        .first()
    )
    if message is None:
        raise Http404("No such message")
    return message


def warning_get(role, warning_id) -> MemberWarning:
    _moderator(role)
    warning = (
        MemberWarning.objects.filter(service_id=role.service_id, pk=warning_id)
        .select_related("membership__member", "membership__service")
        .first()
    )
    if warning is None:
        raise Http404("No such warning")
    return warning


def proposal_get(role, proposal_id) -> RemovalProposal:
    _moderator(role)
    proposal = (
        RemovalProposal.objects.filter(service_id=role.service_id, pk=proposal_id)
        .select_related("membership__member", "membership__service")
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal")
    return proposal


def member_history(role, membership) -> dict:
    """Everything a moderator needs at a glance about one member of the service."""
    _moderator(role)
    now = timezone.now()
    warnings = list(
        MemberWarning.objects.filter(membership=membership).select_related("actor", "message")
    )
    for warning in warnings:
        warning.counts = warning.withdrawn_at is None and (
            warning.expires_at is None or warning.expires_at > now
        )
    return {
        "membership": membership,
        "events": list(membership.events.select_related("actor").order_by("-created_at", "-id")),
        "warnings": warnings,
        "active_warning_count": sum(1 for w in warnings if w.counts),
        "intakes": _intakes_shown(role, membership),
        "recent_messages": list(
            Message.objects.filter(service_id=role.service_id, member_id=membership.member_id)
            .select_related("thread", "removal")
            .order_by("-created_at", "-id")[:RECENT_MESSAGES]
        ),
        "open_proposal": membership.removal_proposals.filter(resolved_at__isnull=True).first(),
        "is_muted": bool(membership.muted_until and membership.muted_until > now),
        "claim": claims_active(role.service_id, [target_of(membership)]).get(target_of(membership)),
    }


def _intakes_shown(role, membership) -> list:
    """The member's join requests, their answers loaded only for who may see them."""
    if not role.can("see_intake"):
        intakes = list(membership.intakes.order_by("-started_at"))
        for intake in intakes:
            intake.answers_hidden = True
        return intakes
    return list(membership.intakes.prefetch_related("answers__question").order_by("-started_at"))


def message_reports(role, message) -> dict:
    """A message's reports without the reporters: how many, why, still open or not."""
    _moderator(role)
    reports = list(message.reports.order_by("created_at"))
    return {
        "open_reports": [r for r in reports if r.resolved_at is None],
        "closed_reports": [r for r in reports if r.resolved_at is not None],
    }


def audit_log(role, *, kind: str = "", query: str = ""):
    """Every membership event of the service, newest first (read-only by construction)."""
    _moderator(role)
    events = (
        MembershipEvent.objects.filter(service_id=role.service_id)
        .select_related("actor", "membership__member")
        .order_by("-created_at", "-id")
    )
    if kind:
        events = events.filter(kind=kind)
    if query:
        # One semi-join on the union of two small sets (the members named, through their
        # memberships; the reasons, through the trigram index on PostgreSQL) rather than
        # an OR tested on every event of the service.
        named = Member.objects.filter(display_name__icontains=query).values("pk")
        by_name = MembershipEvent.objects.filter(membership__member_id__in=named)
        by_reason = MembershipEvent.objects.filter(reason__icontains=query)
        # order_by(): SQLite allows no ORDER BY (the model's ordering) in a UNION's parts.
        found = by_name.order_by().values("pk").union(by_reason.order_by().values("pk"), all=True)
        events = events.filter(pk__in=found)
    return events
