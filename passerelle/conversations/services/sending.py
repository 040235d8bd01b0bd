"""Sending: every path that says something to a member or the group, through message_send."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.outgoing_files import media_refusal
from passerelle.channels.selectors import sent_platform_id
from passerelle.channels.sending import outbound_queue, outbound_queue_bulk
from passerelle.channels.types.base import OutboundRequest
from passerelle.common.memo import in_scope, once
from passerelle.conversations.days import days_add, days_count
from passerelle.conversations.models import Message, Thread
from passerelle.conversations.selectors import destinations_for, thread_block_reason
from passerelle.conversations.services.threads import thread_touch
from passerelle.members.selectors import addresses_for
from passerelle.orgs.permissions import require
from passerelle.orgs.services import require_open

MAX_REPLY_LENGTH = 4096
# How much of a group post a private reply quotes ("Reply privately").
QUOTE_LENGTH = 200

# What layers above must do when a person replies (questions: the member's private messages
# waiting are answered). They register in AppConfig.ready(); this layer never imports them.
_staff_reply_listeners: list = []


def staff_reply_listen(listener) -> None:
    """Call listener(reply=message, thread=thread) in the transaction of each staff reply."""
    if listener not in _staff_reply_listeners:
        _staff_reply_listeners.append(listener)


def messages_send_system_many(*, sends, at=None, author=None, media=None) -> list[Message]:
    """message_send_system for many threads at once (a sweep): a few statements in all.

    `sends` are (thread, text, language, destinations) with the destinations the caller
    resolved (destinations_for, or members.selectors.addresses_for_many for private
    threads). One insert of the messages, one update of the threads, one of the sends.
    `author` keeps who wrote them (a staff post sent privately counts as staff-written);
    `media` is message_send's attachment, the same for every message.
    """
    sends = [(t, (text or "").strip()[:MAX_REPLY_LENGTH], lang, d) for t, text, lang, d in sends]
    if any(not text for _t, text, _l, _d in sends):
        raise ValidationError(_("Write a message before sending."))
    return _send_many(
        [(t, text, lang, d, None, None) for t, text, lang, d in sends],
        at,
        author=author,
        media=media or None,
    )


def templates_send_system_many(*, sends, at=None) -> list[Message]:
    """Approved WhatsApp templates to many private threads at once (a sweep opening a
    survey outside the 24-hour window), each on its template's channel only.

    `sends` are (thread, template, params, address): `template` a WhatsAppTemplate whose
    every parameter `params` fills. The same few statements as messages_send_system_many.
    """
    rows = []
    for thread, template, params, address in sends:
        if len(params) != template.param_count or not all(params):
            raise ValidationError(
                _("Fill in every parameter of the template (%(n)d).") % {"n": template.param_count}
            )
        spec = {"name": template.name, "language": template.language, "params": list(params)}
        language = template.language.split("_")[0]
        channel = template.channel
        text = template.render(params)
        rows.append((thread, text, language, [(channel, address)], spec, channel))
    return _send_many(rows, at)


def _send_many(rows, at, *, author=None, media=None) -> list[Message]:
    # rows: (thread, text, language, destinations, template spec or None, pinned channel).
    now = at or timezone.now()
    if not rows:
        return []
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            [
                Message(
                    org_id=thread.org_id,
                    service_id=thread.service_id,
                    thread=thread,
                    channel=pinned,
                    direction=Message.Direction.OUT,
                    author=author,
                    text=text,
                    member=thread.member,
                    created_at=now,
                    language=language or (thread.member.language if thread.member else ""),
                    extra={"media": media} if media else {},
                    media_kind=_media_kind(media),
                )
                for thread, text, language, _d, _t, pinned in rows
            ]
        )
        days_add(days_count(messages, {row[0].pk: row[0] for row in rows}.values()))
        thread_ids = list(dict.fromkeys(row[0].pk for row in rows))
        if in_scope():
            # In one inbound event the thread moves once, with the message received.
            for thread_id in thread_ids:
                thread_touch(thread_id, at=now)
        else:
            Thread.objects.filter(pk__in=thread_ids).update(last_activity_at=now)
        for org_id in {row[0].org_id for row in rows}:
            outbound_queue_bulk(
                org_id=org_id,
                sends=[
                    (
                        message.pk,
                        channel,
                        OutboundRequest(
                            text=text,
                            recipient=recipient,
                            template=template,
                            media=media if template is None else None,
                            automated=author is None,
                        ),
                    )
                    for message, (thread, text, _l, destinations, template, _p) in zip(
                        messages, rows, strict=True
                    )
                    if thread.org_id == org_id
                    for channel, recipient in destinations
                ],
            )
    return messages


def _reply_platform_id(reply_to: Message | None, thread_id, channel, recipient: str) -> str:
    # The platform's own id of the answered message, where it lives on this channel.
    if reply_to is None or reply_to.thread_id != thread_id:
        # (A private reply to a group post: the platform's id lives in the group's chat.)
        return ""
    if reply_to.direction == Message.Direction.IN:
        return reply_to.platform_message_id if reply_to.channel_id == channel.pk else ""
    return sent_platform_id(source_id=reply_to.pk, channel=channel, recipient=recipient)


def _service_of(thread: Thread):
    """The thread's service, read once per unit of work (an inbound event's replies)."""
    if Thread.service.is_cached(thread):
        return thread.service
    return once(("thread_service", thread.service_id), lambda: thread.service)


def message_send(
    *,
    thread: Thread,
    text: str,
    author=None,
    reply_to: Message | None = None,
    language: str = "",
    pin_channel=None,
    pin_recipient: str = "",
    template: dict | None = None,
    media: dict | None = None,
    at=None,
    mark_read: bool = False,
    label: str = "",
    labelled_by=None,
) -> Message:
    """Store an outgoing message and queue it to every destination of its thread.

    `pin_channel` (with `pin_recipient`) sends on that one channel only: a WhatsApp
    template or an SMS HELP answer speaks one platform's language and must not fan out.
    `at` backdates (demo seeds, imports); `mark_read` is a person answering the thread.
    """
    text = (text or "").strip()[:MAX_REPLY_LENGTH]
    if not text and not media:
        raise ValidationError(_("Write a message before sending."))
    # An archived service is read-only: no post, reply, survey or notice leaves it.
    require_open(_service_of(thread))
    now = at or timezone.now()
    if pin_channel is not None:
        destinations = [(pin_channel, pin_recipient)]
    else:
        destinations = destinations_for(thread)
    if media and media.get("file"):
        # A staff file: every platform of the thread must take it, or none is sent.
        if refusal := media_refusal(media, [channel for channel, _r in destinations]):
            raise ValidationError(refusal)
    with transaction.atomic():
        message = Message.objects.create(
            org_id=thread.org_id,
            service_id=thread.service_id,
            thread=thread,
            channel=pin_channel,
            direction=Message.Direction.OUT,
            author=author,
            text=text,
            member=thread.member,
            reply_to=reply_to,
            created_at=now,
            language=language or (thread.member.language if thread.member else ""),
            extra={"media": media} if media else {},
            media_kind=_media_kind(media),
            label=label,
            labelled_by=labelled_by,
        )
        days_add(days_count([message], [thread]))
        # Unread stays as it is for an automatic message: nobody read the thread.
        thread_touch(thread.pk, at=now, unread="reset" if mark_read else "")
        outbound_queue(
            org_id=thread.org_id,
            source_id=message.pk,
            new_source=True,
            sends=[
                (
                    channel,
                    OutboundRequest(
                        text=text,
                        recipient=recipient,
                        reply_to_platform_id=_reply_platform_id(
                            reply_to, thread.pk, channel, recipient
                        ),
                        media=media,
                        template=template,
                        automated=author is None,
                    ),
                )
                for channel, recipient in destinations
            ],
        )
        if author is not None:
            for listener in _staff_reply_listeners:
                listener(reply=message, thread=thread)
    return message


def _media_kind(media: dict | None) -> str:
    kind = (media or {}).get("kind")
    return kind if kind in Message.Media.values and media.get("file") else Message.Media.TEXT


def private_reply_to_group(thread: Thread, reply_to: Message | None) -> bool:
    """A private reply to the member's own group post ("Reply privately" in the inbox)."""
    return (
        reply_to is not None
        and thread.kind == Thread.Kind.PRIVATE
        and reply_to.thread_id != thread.pk
        and reply_to.service_id == thread.service_id
        and reply_to.member_id == thread.member_id
        and reply_to.direction == Message.Direction.IN
    )


def quote_of(message: Message, limit: int = QUOTE_LENGTH) -> str:
    """The answered group post, quoted at the top of the private reply."""
    text = " ".join((message.text or "").split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"> {text}"


def _check_thread(role, thread: Thread, reply_to: Message | None = None) -> None:
    same_thread = reply_to is None or reply_to.thread_id == thread.pk
    if thread.service_id != role.service_id or not (
        same_thread or private_reply_to_group(thread, reply_to)
    ):
        raise PermissionDenied(_("This conversation belongs to another service."))


def message_reply(
    *,
    role,
    thread: Thread,
    text: str,
    reply_to: Message | None = None,
    language: str = "",
    label: str = "",
    media: dict | None = None,
) -> Message:
    """Send a staff reply in a thread, unless no platform would carry it now.

    `media` is a staff file (channels.outgoing_files.outgoing_media): every platform of
    the thread must take its size and type, or the reply is refused with the reason.

    `label` records what the service says the reply is (a referral counts on the activity
    table's "Referrals" line) without asking the label capability: sending it is the act.
    """
    require(role, "reply")
    text = (text or "").strip()
    if not text and not media:
        raise ValidationError(_("Write a message, or attach a file, before sending."))
    if len(text) > MAX_REPLY_LENGTH:
        raise ValidationError(
            _("A message can have at most %(n)d characters.") % {"n": MAX_REPLY_LENGTH}
        )
    _check_thread(role, thread, reply_to)
    if private_reply_to_group(thread, reply_to):
        # In a private chat the member may not see which post is answered: quote it.
        text = f"{quote_of(reply_to)}\n\n{text}"[:MAX_REPLY_LENGTH]
    now = timezone.now()
    # A platform rule (WhatsApp's 24-hour window, an SMS opt-out) may forbid any reply now.
    if reason := thread_block_reason(thread, now=now):
        raise ValidationError(reason)
    if not Thread.service.is_cached(thread):
        # The role's service is the thread's (checked above): its time zone dates the message.
        Thread.service.field.set_cached_value(thread, role.service)
    return message_send(
        thread=thread,
        text=text,
        author=role.user,
        reply_to=reply_to,
        language=language,
        at=now,
        mark_read=True,
        label=label,
        labelled_by=role.user if label else None,
        media=media,
    )


def message_send_system(
    *, thread: Thread, text: str, reply_to: Message | None = None, language: str = "", at=None
) -> Message:
    """Send an automatic message (no staff author): auto-replies, follow-ups, notices."""
    return message_send(thread=thread, text=text, reply_to=reply_to, language=language, at=at)


def template_send(*, role, thread: Thread, template, params: list[str]) -> Message:
    """Send an approved WhatsApp template in a private thread, on its channel only."""
    require(role, "reply")
    channel = template.channel
    _check_thread(role, thread)
    if channel.service_id != role.service_id:
        raise PermissionDenied(_("This conversation belongs to another service."))
    if not Thread.service.is_cached(thread):
        Thread.service.field.set_cached_value(thread, role.service)
    if thread.kind != Thread.Kind.PRIVATE or thread.member is None:
        raise ValidationError(_("Templates go to one person, in a private conversation."))
    address = dict(addresses_for(thread.member, thread.service_id)).get(channel)
    if not address:
        raise ValidationError(_("This person has no WhatsApp number on this service."))
    params = [(p or "").strip() for p in params]
    if len(params) != template.param_count or not all(params):
        raise ValidationError(
            _("Fill in every parameter of the template (%(n)d).") % {"n": template.param_count}
        )
    if any(len(p) > template.MAX_PARAM_LENGTH for p in params):
        raise ValidationError(
            _("A parameter can have at most %(n)d characters.") % {"n": template.MAX_PARAM_LENGTH}
        )
    return message_send(
        thread=thread,
        text=template.render(params),
        author=role.user,
        language=template.language.split("_")[0],
        pin_channel=channel,
        pin_recipient=address,
        template={"name": template.name, "language": template.language, "params": params},
        mark_read=True,
    )
