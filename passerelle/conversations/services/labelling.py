"""Reading and labelling: the activity-table label of a message, its language, a thread
marked read."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from passerelle.conversations.days import days_add, local_day
from passerelle.conversations.models import Label, Message, Thread
from passerelle.members.services import member_language_fill
from passerelle.nlp.language import reply_language
from passerelle.orgs.permissions import require

# A language code (ar, fa, ti…) or "ti|am" (passerelle.nlp.language.ETHIOPIC).
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:\|[a-z]{2,3})?")


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


def message_language_set(*, role, message: Message, language: str) -> Message:
    """A moderator corrects the language a member's message was found in (or clears it).

    A member with no language yet is answered in it from then on (as routing does for a
    detection), except for "Tigrinya or Amharic", which says no one language.
    """
    require(role, "label")
    language = (language or "").strip()
    if language and not _LANGUAGE_CODE.fullmatch(language):
        raise ValidationError(_("Unknown language."))
    if message.service_id != role.service_id:
        raise PermissionDenied(_("This message belongs to another service."))
    if message.direction != Message.Direction.IN:
        raise ValidationError(_("Only a member's message has a detected language."))
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            detected_language=language, language_checked_by=role.user
        )
        if message.member is not None:
            member_language_fill(member=message.member, language=reply_language(language))
    message.detected_language, message.language_checked_by = language, role.user
    return message
