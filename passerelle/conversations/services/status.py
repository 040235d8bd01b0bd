"""Where a private conversation stands (open, waiting for the member, resolved, snoozed
until a time), which staff member looks after it, and which of the person's channels
replies go through; each change leaves a ThreadEvent.

A member's new message reopens a resolved or snoozed conversation in the statement that
counts it unread (threads._threads_touch), so receiving costs nothing more; a snooze whose
time has come reads as open (selectors.thread_status_now) without being written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.conversations.models import Thread, ThreadEvent
from passerelle.orgs.models import StaffRole
from passerelle.orgs.permissions import require


def _locked(role, thread: Thread) -> Thread:
    require(role, "reply", thread.service_id)
    if thread.kind != Thread.Kind.PRIVATE:
        # The group is everyone's conversation: nobody resolves or owns it.
        raise ValidationError(_("Only a private conversation has a status and an assignee."))
    return Thread.objects.select_for_update().get(pk=thread.pk)


def thread_status_set(*, role, thread: Thread, status: str, snoozed_until=None) -> Thread:
    """Set the conversation's status; a snooze needs a time in the future."""
    if status not in Thread.Status.values:
        raise ValidationError(_("Unknown status."))
    now = timezone.now()
    if status == Thread.Status.SNOOZED:
        if snoozed_until is None or snoozed_until <= now:
            raise ValidationError(_("Choose a time in the future to snooze until."))
    else:
        snoozed_until = None
    with transaction.atomic():
        current = _locked(role, thread)
        if (current.status, current.snoozed_until) != (status, snoozed_until):
            Thread.objects.filter(pk=thread.pk).update(status=status, snoozed_until=snoozed_until)
            ThreadEvent.objects.create(
                org_id=thread.org_id,
                thread_id=thread.pk,
                kind=ThreadEvent.Kind.STATUS,
                actor=role.user,
                data={
                    "from": current.status,
                    "to": status,
                    "until": snoozed_until.isoformat() if snoozed_until else None,
                },
                created_at=now,
            )
    thread.status, thread.snoozed_until = status, snoozed_until
    return thread


def thread_assign(*, role, thread: Thread, assignee_id: int | None) -> Thread:
    """Give the conversation to a staff member of its service (None: to nobody)."""
    if assignee_id is not None:
        staff = StaffRole.objects.filter(service_id=thread.service_id, user_id=assignee_id)
        if not staff.exists():
            raise PermissionDenied(_("This person is not staff of this service."))
    with transaction.atomic():
        current = _locked(role, thread)
        if current.assignee_id != assignee_id:
            Thread.objects.filter(pk=thread.pk).update(assignee_id=assignee_id)
            ThreadEvent.objects.create(
                org_id=thread.org_id,
                thread_id=thread.pk,
                kind=ThreadEvent.Kind.ASSIGNED,
                actor=role.user,
                data={"from": current.assignee_id, "to": assignee_id},
                created_at=timezone.now(),
            )
    thread.assignee_id = assignee_id
    return thread


def thread_reply_channel_set(*, role, thread: Thread, channel_id: int | None) -> Thread:
    """Choose the channel replies to this person go through (None: the one they wrote on
    last; conversations.reach); only a channel that reaches them can be chosen."""
    from passerelle.conversations.reach import reply_channel_choices

    with transaction.atomic():
        current = _locked(role, thread)
        if channel_id is not None and channel_id not in {
            c.pk for c in reply_channel_choices(current)
        }:
            raise ValidationError(_("This person cannot be reached on that channel."))
        if current.reply_channel_id != channel_id:
            Thread.objects.filter(pk=thread.pk).update(reply_channel_id=channel_id)
            ThreadEvent.objects.create(
                org_id=thread.org_id,
                thread_id=thread.pk,
                kind=ThreadEvent.Kind.REPLY_CHANNEL,
                actor=role.user,
                data={"from": current.reply_channel_id, "to": channel_id},
                created_at=timezone.now(),
            )
    thread.reply_channel_id = channel_id
    return thread
