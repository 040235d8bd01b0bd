"""Reading and labelling: the activity-table label of a message, a thread marked read."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from passerelle.conversations.days import days_add, local_day
from passerelle.conversations.models import Label, Message, Thread
from passerelle.orgs.permissions import require


def message_label(*, role, message: Message, label: str) -> Message:
    """Label an inbound message with one of the four activity-table lines (or clear it).

    Callers that must keep questions in step use questions.services.message_label_set.
    """
    require(role, "label")
    if label and label not in Label.values:
        raise ValidationError(_("Unknown label."))
    if message.service_id != role.service_id:
        raise PermissionDenied(_("This message belongs to another service."))
    with transaction.atomic():
        # The stored label, not the one in memory (another moderator may have changed it),
        # is the daily count to take the message from; the row stays locked until commit.
        old, at, direction, author_id, kind = (
            Message.objects.select_for_update(of=("self",))
            .filter(pk=message.pk)
            .values_list("label", "created_at", "direction", "author_id", "thread__kind")
            .get()
        )
        Message.objects.filter(pk=message.pk).update(label=label, labelled_by=role.user)
        if old != label:
            day = local_day(at, role.service.tz)
            key = (message.service_id, day, kind, direction)
            days_add(
                {(*key, old, author_id is not None): -1, (*key, label, author_id is not None): 1}
            )
    message.label, message.labelled_by = label, role.user
    return message


def thread_mark_read(*, role, thread: Thread) -> None:
    """A staff member opened the thread: nothing in it is unread any more."""
    require(role, "read")
    Thread.objects.filter(pk=thread.pk, service_id=role.service_id).update(unread_count=0)
