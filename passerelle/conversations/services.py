"""Writes for conversations: receiving, replying to and labelling messages."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.conversations.models import Label, Message, Thread

log = logging.getLogger(__name__)

MAX_REPLY_LENGTH = 4096


def group_thread_for(service) -> Thread:
    """The service's one group thread."""
    thread, _created = Thread.objects.get_or_create(
        service=service, kind=Thread.Kind.GROUP, defaults={"org": service.org}
    )
    return thread


def private_thread_for(service, member) -> Thread:
    """The one private thread between the service and a member."""
    thread, _created = Thread.objects.get_or_create(
        service=service, member=member, kind=Thread.Kind.PRIVATE, defaults={"org": service.org}
    )
    return thread


def _replied_message(channel, platform_id: str) -> Message | None:
    """The message a member replied to: a member's message, or a staff message (whose
    platform id lives on its send row, since one staff message goes to several places)."""
    if not platform_id:
        return None
    found = Message.objects.filter(channel=channel, platform_message_id=platform_id).first()
    if found is None:
        from passerelle.channels.models import OutboundMessage

        send = (
            OutboundMessage.objects.filter(channel=channel, platform_message_id=platform_id)
            .select_related("message")
            .first()
        )
        found = send.message if send else None
    return found


# What a platform gives to fetch a voice note, photo or document later, on demand.
MEDIA_KEYS = ("file_id", "media_id", "file_name", "mime_type", "duration", "media_field")


def _media_reference(event) -> dict:
    media = {key: event.extra[key] for key in MEDIA_KEYS if event.extra.get(key) is not None}
    return {"media": media} if media and event.media_kind != "text" else {}


def message_receive(*, channel, member, event, at) -> Message | None:
    """Store an inbound message once; None when this platform message was already stored."""
    service = channel.service
    if event.thread_kind == Thread.Kind.GROUP:
        thread = group_thread_for(service)
    else:
        thread = private_thread_for(service, member)
    reply_to = _replied_message(channel, event.reply_to_platform_id)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                org=service.org,
                service=service,
                thread=thread,
                channel=channel,
                direction=Message.Direction.IN,
                member=member,
                text=event.text,
                media_kind=event.media_kind,
                language=event.sender_language or member.language,
                platform_message_id=event.platform_message_id,
                reply_to=reply_to,
                created_at=at,
                extra=_media_reference(event),
            )
    except IntegrityError:
        log.info("message %s already stored", event.platform_message_id)
        return None
    Thread.objects.filter(pk=thread.pk).update(
        last_activity_at=at, unread_count=F("unread_count") + 1
    )
    return message


def _require(role, capability: str) -> None:
    if role is None or not role.can(capability):
        raise PermissionDenied(_("You are not allowed to do this in this service."))


def message_reply(*, role, thread: Thread, text: str, reply_to: Message | None = None) -> Message:
    """Send a staff reply in a thread: one Message, one OutboundMessage per destination."""
    from passerelle.channels.replies import reply_block_reason
    from passerelle.channels.sending import outbound_queue

    _require(role, "reply")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a message before sending."))
    if len(text) > MAX_REPLY_LENGTH:
        raise ValidationError(
            _("A message can have at most %(n)d characters.") % {"n": MAX_REPLY_LENGTH}
        )
    if thread.service_id != role.service_id or (reply_to and reply_to.thread_id != thread.pk):
        raise PermissionDenied(_("This conversation belongs to another service."))
    now = timezone.now()
    # A platform rule (WhatsApp's 24-hour window, an SMS opt-out) may forbid any reply now.
    if reason := reply_block_reason(thread=thread, now=now):
        raise ValidationError(reason)
    with transaction.atomic():
        message = Message.objects.create(
            org_id=thread.org_id,
            service_id=thread.service_id,
            thread=thread,
            direction=Message.Direction.OUT,
            author=role.user,
            text=text,
            member=thread.member,
            reply_to=reply_to,
            created_at=now,
            language=thread.member.language if thread.member else "",
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now, unread_count=0)
        outbound_queue(message=message)
    return message


def message_label(*, role, message: Message, label: str) -> Message:
    """Label an inbound message with one of the four activity-table lines (or clear it)."""
    _require(role, "label")
    if label and label not in Label.values:
        raise ValidationError(_("Unknown label."))
    if message.service_id != role.service_id:
        raise PermissionDenied(_("This message belongs to another service."))
    from passerelle.questions.services import question_label_changed

    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(label=label, labelled_by=role.user)
        message.label, message.labelled_by = label, role.user
        # A request for information becomes a timed question; relabelling cancels it.
        question_label_changed(message=message, actor=role.user)
    return message


def message_send_system(
    *, thread: Thread, text: str, reply_to: Message | None = None, language: str = "", at=None
) -> Message:
    """Send an automatic message (no staff author): auto-replies, follow-ups, notices."""
    from passerelle.channels.sending import outbound_queue

    text = (text or "").strip()[:MAX_REPLY_LENGTH]
    if not text:
        raise ValidationError(_("Write a message before sending."))
    now = at or timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            org_id=thread.org_id,
            service_id=thread.service_id,
            thread=thread,
            direction=Message.Direction.OUT,
            author=None,
            text=text,
            member=thread.member,
            reply_to=reply_to,
            created_at=now,
            language=language or (thread.member.language if thread.member else ""),
        )
        # Unread stays as it is: an automatic message is not a person reading the thread.
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        outbound_queue(message=message)
    return message


def thread_mark_read(*, role, thread: Thread) -> None:
    """A staff member opened the thread: nothing in it is unread any more."""
    _require(role, "read")
    Thread.objects.filter(pk=thread.pk, service_id=role.service_id).update(unread_count=0)
