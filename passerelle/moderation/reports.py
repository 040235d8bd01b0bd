"""Messages in the moderation queue: member reports, flags, deletion, the off-topic protocol."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.actions import platform_action_queue
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.communities.notify import group_notify, guidelines_url, member_notify
from passerelle.communities.services import guidelines_current, membership_event_add
from passerelle.moderation.claims import claim_take, target_of
from passerelle.moderation.models import MemberWarning, MessageRemoval, Report
from passerelle.moderation.texts import TEXTS
from passerelle.orgs.permissions import require

Kind = MembershipEvent.Kind


def report_from_member(
    *, message, reporter, reason: str = "", at=None, send: bool = True
) -> Report:
    """A member reports a message (/report as a reply, or the web chat's button).

    `send=False` records a report made before (demo, import): the thanks goes into the
    reporter's thread at `at`, unsent.
    """
    at = at or timezone.now()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                org_id=message.org_id,
                service_id=message.service_id,
                message=message,
                source=Report.Source.MEMBER,
                reporter=reporter,
                reason=reason[:1000],
                created_at=at,
            )
    except IntegrityError:
        # Reporting twice counts once; the person is thanked all the same.
        report = Report.objects.get(message=message, reporter=reporter)
    member_notify(
        service=message.service,
        member=reporter,
        catalog=TEXTS,
        key="report_thanks",
        send=send,
        at=at,
    )
    return report


def message_flag(*, message, source=Report.Source.SYSTEM, reason: str = "", at=None) -> Report:
    """Put a message in the queue without a member's report (staff or automatic detection)."""
    return Report.objects.create(
        org_id=message.org_id,
        service_id=message.service_id,
        message=message,
        source=source,
        reason=reason[:1000],
        created_at=at or timezone.now(),
    )


def reports_resolve(*, message, actor, resolution: str, at=None) -> int:
    """Close every open report on a message with what was done about it."""
    return Report.objects.filter(message=message, resolved_at__isnull=True).update(
        resolved_at=at or timezone.now(), resolved_by=actor, resolution=resolution
    )


def _author_membership(message):
    if message.member_id is None:
        return None
    return Membership.objects.filter(
        service_id=message.service_id, member_id=message.member_id
    ).first()


def _check(role, message) -> None:
    require(role, "moderate", message.service_id)


def report_dismiss(*, role, message, reason: str = "", at=None) -> int:
    """Nothing wrong with the message: close its reports (recorded on the author's history)."""
    _check(role, message)
    at = at or timezone.now()
    with transaction.atomic():
        claim_take(role=role, target=target_of(message))
        closed = reports_resolve(message=message, actor=role.user, resolution="dismissed", at=at)
        membership = _author_membership(message)
        if closed and membership is not None:
            membership_event_add(
                membership=membership,
                kind=Kind.REPORT_DISMISSED,
                actor=role.user,
                reason=reason.strip(),
                at=at,
                data={"message": message.pk, "reports": closed},
            )
    return closed


def message_delete(*, role, message, reason: str = "", clause: str = "", at=None):
    """Delete a post: hidden from members here, deleted on the platform where it came from."""
    _check(role, message)
    at = at or timezone.now()
    with transaction.atomic():
        claim_take(role=role, target=target_of(message))
        membership = _author_membership(message)
        if clause and membership is not None:
            # Here, not at the top: moderation.services imports this module (reports_resolve).
            from passerelle.moderation.services import clause_for

            clause_for(membership, clause)
        try:
            with transaction.atomic():
                removal = MessageRemoval.objects.create(
                    org_id=message.org_id,
                    service_id=message.service_id,
                    message=message,
                    actor=role.user,
                    reason=reason.strip(),
                    clause=clause,
                    created_at=at,
                )
        except IntegrityError:
            return MessageRemoval.objects.get(message=message)
        channel = message.channel
        if channel is not None and message.platform_message_id:
            params = {"message_id": message.platform_message_id}
            if message.thread.kind == "group" and (
                chat := channel.channel_type.group_recipient(channel)
            ):
                params["chat_id"] = chat
            platform_action_queue(
                channel=channel,
                action="delete_message",
                params=params,
                dedupe_key=f"delete:{removal.pk}",
            )
        if membership is not None:
            membership_event_add(
                membership=membership,
                kind=Kind.MESSAGE_DELETED,
                actor=role.user,
                reason=reason.strip(),
                clause=clause,
                at=at,
                data={"message": message.pk, "text": message.text[:500]},
            )
        reports_resolve(message=message, actor=role.user, resolution="deleted", at=at)
    return removal


def off_topic_protocol(*, role, message, clause: str = "off_topic", at=None):
    """Annex 3 in one action: delete, re-post the description, remind privately, escalate."""
    from django.core.exceptions import ValidationError

    # Here, not at the top: moderation.services imports this module (reports_resolve).
    from passerelle.moderation.services import warn_member

    _check(role, message)
    membership = _author_membership(message)
    if message.thread.kind != "group" or message.direction != "in" or membership is None:
        raise ValidationError(_("The off-topic protocol applies to a member's post in the group."))
    at = at or timezone.now()
    service = message.service
    with transaction.atomic():
        message_delete(role=role, message=message, reason=_("Off-topic post"), clause=clause, at=at)
        group_notify(
            service=service,
            key="group_description",
            purpose=service.purpose or {},
            guidelines_url=guidelines_url(service, guidelines_current(service)),
        )
        return warn_member(
            role=role,
            membership=membership,
            clause=clause,
            message=message,
            kind=MemberWarning.Kind.OFF_TOPIC,
            at=at,
        )
