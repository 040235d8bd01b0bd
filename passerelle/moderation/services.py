"""Moderation actions on members: warn, withdraw a warning, remove, re-admit, mute, leave.

Each action checks the moderator's role, takes the claim on the member, changes state with
a conditional update, writes one MembershipEvent (actor, time, reason, clause), tells the
member in their language and queues the platform call, all in one transaction.

`send=False` records an action taken before (demo seeds, imports) under the same rules:
what it says goes into the threads at `at`, unsent; no platform call is queued and no claim
is taken, since nobody is handling the member now.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.communities.lifecycle import platform_queue_for_member
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.notify import (
    group_notify,
    guidelines_url,
    member_language,
    member_notify,
    render,
)
from passerelle.communities.services import (
    guidelines_current,
    membership_event_add,
    membership_readmit,
    membership_remove,
    policy_for,
)
from passerelle.moderation.claims import claim_take, target_of
from passerelle.moderation.models import (
    Ban,
    MemberWarning,
    MessageRemoval,
    RemovalProposal,
    Report,
)
from passerelle.moderation.reports import reports_resolve
from passerelle.moderation.texts import TEXTS
from passerelle.orgs.permissions import require

Kind = MembershipEvent.Kind


def _active(membership) -> None:
    if membership.status != Membership.Status.ACTIVE:
        raise ValidationError(_("This person is not an active member."))


def clause_for(membership, key: str):
    """(guidelines, number) of a clause, in the version the member accepted if it has it."""
    if not key:
        return None, None
    current = guidelines_current(membership.service)
    for guidelines in (membership.guidelines_accepted, current):
        found = guidelines.clause(key) if guidelines is not None else None
        if found is not None:
            return guidelines, found[0]
    raise ValidationError(_("The guidelines have no clause %(key)s.") % {"key": key})


def _clause_line(guidelines, key, language) -> str:
    return guidelines.clause_line(key, language) if guidelines is not None else "—"


def _reason_line(service, reason, language) -> str:
    return render(service, "reason_line", language, TEXTS, reason=reason) if reason else ""


def excerpt(message, limit: int = 120) -> str:
    text = " ".join((message.text or "").split()) if message is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def active_warnings(membership, at=None):
    """Warnings that still count: not withdrawn, not expired."""
    at = at or timezone.now()
    return MemberWarning.objects.filter(membership=membership, withdrawn_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at)
    )


def warn_member(
    *,
    role,
    membership,
    clause: str,
    message=None,
    reason: str = "",
    kind=MemberWarning.Kind.WARNING,
    at=None,
    send: bool = True,
) -> MemberWarning:
    """Warn a member privately, citing a clause; at the limit, propose or make the removal."""
    require(role, "moderate", membership.service_id)
    _active(membership)
    if message is not None and message.member_id != membership.member_id:
        raise ValidationError(_("This message is not from this member."))
    at = at or timezone.now()
    service, member = membership.service, membership.member
    policy = policy_for(service)
    with transaction.atomic():
        if send:
            claim_take(role=role, target=target_of(membership))
            if message is not None:
                claim_take(role=role, target=target_of(message))
        if message is not None and message.warnings.filter(withdrawn_at__isnull=True).exists():
            # One post, one warning: a second click (or a second moderator) adds nothing.
            raise ValidationError(
                _("This message was already warned. Withdraw that warning to warn again.")
            )
        guidelines, number = clause_for(membership, clause)
        earlier_off_topic = (
            active_warnings(membership, at).filter(kind=MemberWarning.Kind.OFF_TOPIC).exists()
        )
        expires = (
            at + timedelta(days=policy.warning_expiry_days) if policy.warning_expiry_days else None
        )
        warning = MemberWarning.objects.create(
            org_id=membership.org_id,
            service=service,
            membership=membership,
            message=message,
            kind=kind,
            guidelines=guidelines,
            clause=clause,
            clause_number=number,
            reason=reason.strip(),
            actor=role.user,
            created_at=at,
            expires_at=expires,
        )
        count, limit = active_warnings(membership, at).count(), policy.warnings_before_removal
        membership_event_add(
            membership=membership,
            kind=Kind.WARNED,
            actor=role.user,
            reason=reason.strip(),
            clause=clause,
            at=at,
            data={
                "warning": warning.pk,
                "message": message.pk if message else None,
                "kind": kind,
                "count": count,
                "limit": limit,
                "clause_number": number,
                "guidelines_version": guidelines.version,
            },
        )
        language = member_language(service, member)
        off_topic = kind == MemberWarning.Kind.OFF_TOPIC
        member_notify(
            service=service,
            member=member,
            catalog=TEXTS,
            language=language,
            key="off_topic_reminder"
            if off_topic
            else ("warning" if message is not None else "warning_general"),
            excerpt=excerpt(message),
            clause=_clause_line(guidelines, clause, language),
            reason=_reason_line(service, reason.strip(), language),
            count=count,
            limit=limit,
            places=render(service, "off_topic_places", language),
            send=send,
            at=at,
        )
        if message is not None:
            reports_resolve(message=message, actor=role.user, resolution="warned", at=at)
        # What the warning led to, for the moderator's flash: "", "proposed" or "removed".
        warning.removal = ""
        if count >= limit or (off_topic and earlier_off_topic):
            why = (
                _("Another off-topic post after a reminder")
                if off_topic and earlier_off_topic
                else _("%(count)d warnings (the limit is %(limit)d)")
                % {"count": count, "limit": limit}
            )
            if policy.auto_remove:
                member_remove(
                    role=role,
                    membership=membership,
                    reason=why,
                    clause=clause,
                    at=at,
                    automatic=True,
                    send=send,
                )
                warning.removal = "removed"
            else:
                removal_propose(membership=membership, reason=why, clause=clause, at=at)
                warning.removal = "proposed"
    return warning


def removal_propose(*, membership, reason: str, clause: str = "", at=None) -> RemovalProposal:
    """Put a removal in front of the moderators (once per member until it is decided)."""
    at = at or timezone.now()
    existing = membership.removal_proposals.filter(resolved_at__isnull=True).first()
    if existing is not None:
        return existing
    proposal = RemovalProposal.objects.create(
        org_id=membership.org_id,
        service_id=membership.service_id,
        membership=membership,
        reason=reason,
        clause=clause,
        created_at=at,
    )
    membership_event_add(
        membership=membership,
        kind=Kind.REMOVAL_PROPOSED,
        reason=reason,
        clause=clause,
        data={"proposal": proposal.pk},
        at=at,
    )
    return proposal


def _proposals_close(membership, actor, outcome, at) -> int:
    return RemovalProposal.objects.filter(membership=membership, resolved_at__isnull=True).update(
        resolved_at=at, resolved_by=actor, outcome=outcome
    )


def proposal_dismiss(*, role, proposal, reason: str = "", at=None) -> None:
    """Keep the member: the proposal is closed and the decision recorded."""
    require(role, "moderate", proposal.service_id)
    at = at or timezone.now()
    with transaction.atomic():
        claim_take(role=role, target=target_of(proposal.membership))
        if _proposals_close(proposal.membership, role.user, "dismissed", at):
            membership_event_add(
                membership=proposal.membership,
                kind=Kind.PROPOSAL_DISMISSED,
                actor=role.user,
                reason=reason.strip(),
                clause=proposal.clause,
                data={"proposal": proposal.pk},
                at=at,
            )


def warning_withdraw(*, role, warning, at=None) -> None:
    """Undo a warning given by mistake; the member is told."""
    require(role, "moderate", warning.service_id)
    at = at or timezone.now()
    membership = warning.membership
    with transaction.atomic():
        claim_take(role=role, target=target_of(membership))
        if (
            MemberWarning.objects.filter(pk=warning.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=at, withdrawn_by=role.user
            )
            != 1
        ):
            raise ValidationError(_("This warning was already withdrawn."))
        membership_event_add(
            membership=membership,
            kind=Kind.WARNING_WITHDRAWN,
            actor=role.user,
            clause=warning.clause,
            data={"warning": warning.pk},
            at=at,
        )
        limit = policy_for(membership.service).warnings_before_removal
        if active_warnings(membership, at).count() < limit:
            _proposals_close(membership, role.user, "warning withdrawn", at)
        member_notify(
            service=membership.service,
            member=membership.member,
            catalog=TEXTS,
            key="warning_withdrawn",
        )


def member_remove(
    *,
    role,
    membership,
    reason: str,
    clause: str = "",
    at=None,
    announce: bool | None = None,
    automatic: bool = False,
    send: bool = True,
    until=None,
) -> MembershipEvent:
    """Remove (ban) a member: tell them, ban on the platform, optionally tell the group.

    `until`: the end of a ban with a duration (moderation.bans), passed to the platform."""
    require(role, "moderate", membership.service_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the removal."))
    at = at or timezone.now()
    service, member = membership.service, membership.member
    with transaction.atomic():
        if send:
            claim_take(role=role, target=target_of(membership))
        guidelines, number = clause_for(membership, clause)
        event = membership_remove(
            membership=membership,
            actor=role.user,
            reason=reason,
            clause=clause,
            at=at,
            data={
                "automatic": automatic,
                "warnings": active_warnings(membership, at).count(),
                "clause_number": number,
                "guidelines_version": guidelines.version if guidelines else None,
            },
        )
        if event is None:
            raise ValidationError(_("This person is not an active member."))
        language = member_language(service, member)
        # Told first: on some platforms a banned person can no longer be reached.
        member_notify(
            service=service,
            member=member,
            catalog=TEXTS,
            key="removed",
            language=language,
            clause=_clause_line(guidelines, clause, language),
            reason=_reason_line(service, reason, language),
            send=send,
            at=at,
        )
        if send:
            platform_queue_for_member(
                service=service,
                member=member,
                action="ban",
                params={"until": until.isoformat()} if until else {},
                dedupe=f"ban:{event.pk}",
            )
        policy = policy_for(service)
        if policy.announce_removals if announce is None else announce:
            if policy.announce_removed_name:
                group_notify(
                    service=service,
                    key="removal_announcement_named",
                    catalog=TEXTS,
                    name=member.display_name,
                    send=send,
                    at=at,
                )
            else:
                group_notify(
                    service=service,
                    key="removal_announcement",
                    catalog=TEXTS,
                    send=send,
                    at=at,
                )
        _proposals_close(membership, role.user, "removed", at)
    return event


def ban_refusal(ban, service) -> str:
    if ban.until is None:
        return _("This person is banned until a moderator lifts the ban: lift it first.")
    when = timezone.localtime(ban.until, service.tz).strftime("%Y-%m-%d %H:%M")
    return _("This person is banned until %(when)s: lift the ban first.") % {"when": when}


def member_readmit(*, role, membership, note: str, at=None) -> MembershipEvent:
    """Let a removed person back in, with a note saying why (undoes a removal)."""
    require(role, "moderate", membership.service_id)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Write a note saying why the person is re-admitted."))
    at = at or timezone.now()
    service, member = membership.service, membership.member
    if ban := Ban.active_for(membership, at):
        raise ValidationError(ban_refusal(ban, service))
    with transaction.atomic():
        claim_take(role=role, target=target_of(membership))
        event = membership_readmit(membership=membership, actor=role.user, note=note, at=at)
        if event is None:
            raise ValidationError(_("Only a removed member can be re-admitted."))
        platform_queue_for_member(
            service=service, member=member, action="unban", params={}, dedupe=f"unban:{event.pk}"
        )
        language = member_language(service, member)
        member_notify(
            service=service,
            member=member,
            catalog=TEXTS,
            key="readmitted",
            language=language,
            guidelines_url=guidelines_url(service, guidelines_current(service), language),
        )
    return event


def moderation_records_erase(*, member, message_ids) -> None:
    """Erase the notes the ledger holds about a person (inside privacy.erasure's
    transaction): warnings' and proposals' reasons, why their posts were deleted, what
    reports about their posts said, and their own reports' reasons. Kinds, clauses and
    times stay, so the ledger still counts."""
    message_ids = list(message_ids)
    MemberWarning.objects.filter(membership__member=member).update(reason="")
    RemovalProposal.objects.filter(membership__member=member).update(reason="")
    for start in range(0, len(message_ids), 500):
        chunk = message_ids[start : start + 500]
        MessageRemoval.objects.filter(message_id__in=chunk).update(reason="")
        Report.objects.filter(message_id__in=chunk).update(reason="")
    # Their own reports of others' posts: still counted, no longer theirs.
    Report.objects.filter(reporter=member).update(reporter=None, reason="")
