"""Writes for conversations: the only module that writes Message rows.

Every path that says something to a member or the group — a staff reply, an automatic
notice, a WhatsApp template, the SMS HELP answer — goes through `message_send`, which
stores the message and queues one neutral OutboundRequest per destination. Messages that
happened elsewhere (demo history, an imported chat export) are stored by `message_record`,
which sends nothing.
"""

import logging
import re
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.models import OutboundMessage
from passerelle.channels.selectors import sent_platform_id
from passerelle.channels.sending import outbound_queue, outbound_queue_bulk
from passerelle.channels.types.base import OutboundRequest
from passerelle.conversations.days import days_add, days_count, key_of, local_day
from passerelle.conversations.models import Label, Message, Redaction, Thread
from passerelle.conversations.selectors import destinations_for, thread_block_reason
from passerelle.members.selectors import addresses_for
from passerelle.orgs.permissions import require

log = logging.getLogger(__name__)

MAX_REPLY_LENGTH = 4096
# Earlier versions kept per message: enough to see what was said before an edit.
MAX_EDITS_KEPT = 20
# What a platform gives to fetch a voice note, photo or document later, on demand.
MEDIA_KEYS = ("file_id", "media_id", "file_name", "mime_type", "duration", "media_field")


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


def private_threads_for_many(service, members) -> dict:
    """private_thread_for of many members of one service (a sweep): member id → thread."""
    wanted = {m.pk: m for m in members}
    threads = Thread.objects.filter(
        service=service, kind=Thread.Kind.PRIVATE, member_id__in=list(wanted)
    )
    found = {t.member_id: t for t in threads}
    if missing := [pk for pk in wanted if pk not in found]:
        # A thread created meanwhile by another worker is kept (the constraint), then read.
        Thread.objects.bulk_create(
            [
                Thread(
                    org_id=service.org_id, service=service, member_id=pk, kind=Thread.Kind.PRIVATE
                )
                for pk in missing
            ],
            ignore_conflicts=True,
        )
        found.update({t.member_id: t for t in threads.filter(member_id__in=missing)})
    for thread in found.values():
        thread.member = wanted[thread.member_id]
    return found


def messages_send_system_many(*, sends, at=None) -> list[Message]:
    """message_send_system for many threads at once (a sweep): a few statements in all.

    `sends` are (thread, text, language, destinations) with the destinations the caller
    resolved (destinations_for, or members.selectors.addresses_for_many for private
    threads). One insert of the messages, one update of the threads, one of the sends.
    """
    now = at or timezone.now()
    sends = [(t, (text or "").strip()[:MAX_REPLY_LENGTH], lang, d) for t, text, lang, d in sends]
    if not sends:
        return []
    if any(not text for _t, text, _l, _d in sends):
        raise ValidationError(_("Write a message before sending."))
    with transaction.atomic():
        messages = Message.objects.bulk_create(
            [
                Message(
                    org_id=thread.org_id,
                    service_id=thread.service_id,
                    thread=thread,
                    direction=Message.Direction.OUT,
                    text=text,
                    member=thread.member,
                    created_at=now,
                    language=language or (thread.member.language if thread.member else ""),
                )
                for thread, text, language, _d in sends
            ]
        )
        days_add(days_count(messages, {t.pk: t for t, *_rest in sends}.values()))
        Thread.objects.filter(pk__in=[t.pk for t, *_rest in sends]).update(last_activity_at=now)
        org_ids = {thread.org_id for thread, *_rest in sends}
        for org_id in org_ids:
            outbound_queue_bulk(
                org_id=org_id,
                sends=[
                    (
                        message.pk,
                        channel,
                        OutboundRequest(text=text, recipient=recipient, automated=True),
                    )
                    for message, (thread, text, _l, destinations) in zip(
                        messages, sends, strict=True
                    )
                    if thread.org_id == org_id
                    for channel, recipient in destinations
                ],
            )
    return messages


# -- receiving ------------------------------------------------------------------------


def _replied_message(channel, platform_id: str) -> Message | None:
    """The message a member replied to: a member's message, or a staff message (whose
    platform id lives on its send row, since one staff message goes to several places)."""
    if not platform_id:
        return None
    found = Message.objects.filter(channel=channel, platform_message_id=platform_id).first()
    if found is None:
        source_id = (
            OutboundMessage.objects.filter(channel=channel, platform_message_id=platform_id)
            .values_list("source_id", flat=True)
            .first()
        )
        found = Message.objects.filter(pk=source_id).first() if source_id else None
    return found


def _media_reference(event) -> dict:
    media = {key: event.extra[key] for key in MEDIA_KEYS if event.extra.get(key) is not None}
    return {"media": media} if media and event.media_kind != "text" else {}


def message_received(channel, platform_message_id: str) -> bool:
    """Whether this platform message is already stored (batched platforms redeliver)."""
    return bool(platform_message_id) and (
        Message.objects.filter(channel=channel, platform_message_id=platform_message_id).exists()
    )


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
            days_add({key_of(message, thread.kind, service.tz): 1})
    except IntegrityError:
        log.info("message %s already stored", event.platform_message_id)
        return None
    Thread.objects.filter(pk=thread.pk).update(
        last_activity_at=at, unread_count=F("unread_count") + 1
    )
    return message


def message_edit_receive(*, channel, event, at) -> Message | None:
    """Replace a stored inbound message's text; the earlier text goes to extra["edits"].

    Edits arrive once each but maybe out of order: one older than the last applied
    (by the platform's edit time) is ignored. None when the message was never stored.
    """
    edit_date = (event.extra or {}).get("edit_date")
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(
                channel=channel,
                platform_message_id=event.platform_message_id,
                direction=Message.Direction.IN,
            )
            .first()
        )
        if message is None or not event.platform_message_id:
            log.info("edit of unknown message %s ignored", event.platform_message_id)
            return None
        if message.redacted:
            # Erased or past retention: a late edit must not bring the text back.
            return message
        extra = dict(message.extra or {})
        last = extra.get("edit_date")
        if message.text == event.text or (last and edit_date and edit_date <= last):
            return message
        edits = list(extra.get("edits", []))
        edits.append({"text": message.text, "replaced_at": at.isoformat(), "edit_date": edit_date})
        extra.update(edits=edits[-MAX_EDITS_KEPT:], edit_date=edit_date)
        Message.objects.filter(pk=message.pk).update(text=event.text, extra=extra)
        message.text, message.extra = event.text, extra
    return message


# -- sending --------------------------------------------------------------------------


def _reply_platform_id(reply_to: Message | None, channel, recipient: str) -> str:
    # The platform's own id of the answered message, where it lives on this channel.
    if reply_to is None:
        return ""
    if reply_to.direction == Message.Direction.IN:
        return reply_to.platform_message_id if reply_to.channel_id == channel.pk else ""
    return sent_platform_id(source_id=reply_to.pk, channel=channel, recipient=recipient)


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
    if not text:
        raise ValidationError(_("Write a message before sending."))
    now = at or timezone.now()
    if pin_channel is not None:
        destinations = [(pin_channel, pin_recipient)]
    else:
        destinations = destinations_for(thread)
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
            label=label,
            labelled_by=labelled_by,
        )
        days_add(days_count([message], [thread]))
        # Unread stays as it is for an automatic message: nobody read the thread.
        changes = {"last_activity_at": now, **({"unread_count": 0} if mark_read else {})}
        Thread.objects.filter(pk=thread.pk).update(**changes)
        outbound_queue(
            org_id=thread.org_id,
            source_id=message.pk,
            sends=[
                (
                    channel,
                    OutboundRequest(
                        text=text,
                        recipient=recipient,
                        reply_to_platform_id=_reply_platform_id(reply_to, channel, recipient),
                        media=media,
                        template=template,
                        automated=author is None,
                    ),
                )
                for channel, recipient in destinations
            ],
        )
    return message


def _check_thread(role, thread: Thread, reply_to: Message | None = None) -> None:
    if thread.service_id != role.service_id or (reply_to and reply_to.thread_id != thread.pk):
        raise PermissionDenied(_("This conversation belongs to another service."))


def message_reply(
    *,
    role,
    thread: Thread,
    text: str,
    reply_to: Message | None = None,
    language: str = "",
    label: str = "",
) -> Message:
    """Send a staff reply in a thread, unless no platform would carry it now.

    `label` records what the service says the reply is (a referral counts on the activity
    table's "Referrals" line) without asking the label capability: sending it is the act.
    """
    require(role, "reply")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a message before sending."))
    if len(text) > MAX_REPLY_LENGTH:
        raise ValidationError(
            _("A message can have at most %(n)d characters.") % {"n": MAX_REPLY_LENGTH}
        )
    _check_thread(role, thread, reply_to)
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


# -- recording ------------------------------------------------------------------------


# Checked once per recorded message: an import checks a hundred thousand.
_DIRECTIONS = frozenset(Message.Direction.values)
_MEDIA_KINDS = frozenset(Message.Media.values)
_LABELS = frozenset(Label.values)
_THREAD, _MEMBER, _AUTHOR = (Message._meta.get_field(n) for n in ("thread", "member", "author"))


def _recorded(
    *,
    thread: Thread,
    direction: str,
    text: str,
    at,
    member=None,
    author=None,
    label: str = "",
    labelled_by=None,
    language: str = "",
    reply_to: Message | None = None,
    media_kind: str = Message.Media.TEXT,
    platform_message_id: str = "",
    extra: dict | None = None,
) -> Message:
    if direction not in _DIRECTIONS:
        raise ValidationError(_("Unknown message direction."))
    if media_kind not in _MEDIA_KINDS:
        raise ValidationError(_("Unknown kind of message."))
    text = (text or "").strip()
    extra = dict(extra or {})
    # A photo without a caption, or a message deleted before it was exported, has no text.
    if not text and media_kind == Message.Media.TEXT and not extra.get("deleted"):
        raise ValidationError(_("A message needs a text."))
    if label and label not in _LABELS:
        raise ValidationError(_("Unknown label."))
    if at is None:
        raise ValidationError(_("A recorded message needs the time it was written."))
    if thread.kind == Thread.Kind.PRIVATE:
        if member is not None and member.pk != thread.member_id:
            raise ValidationError(_("This member is not the one in this conversation."))
        # As message_send does: a private thread's messages all carry its member.
        member = member or thread.member
    if direction == Message.Direction.IN and (member is None or author is not None):
        raise ValidationError(_("A received message comes from a member, not from staff."))
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError(_("A message replies to one in the same conversation."))
    # Ids, not instances: the descriptors' checks cost more than the rest for a big import.
    message = Message(
        org_id=thread.org_id,
        service_id=thread.service_id,
        thread_id=thread.pk,
        direction=direction,
        member_id=member.pk if member else None,
        author_id=author.pk if author else None,
        text=text,
        media_kind=media_kind,
        label=label,
        labelled_by_id=labelled_by.pk if labelled_by else None,
        language=language or (member.language if member else ""),
        reply_to_id=reply_to.pk if reply_to else None,
        platform_message_id=(platform_message_id or "")[:200],
        extra=extra,
        created_at=at,
    )
    for field, value in ((_THREAD, thread), (_MEMBER, member), (_AUTHOR, author)):
        if value is not None:
            field.set_cached_value(message, value)
    return message


def _threads_follow(messages: list[Message]) -> None:
    # Counted as if each message had arrived live, in time order: a received one is unread
    # until a staff message (one with an author) shows someone answered the thread.
    by_thread = defaultdict(list)
    for message in messages:
        by_thread[message.thread_id].append(message)
    for thread_id, recorded in by_thread.items():
        recorded.sort(key=lambda m: m.created_at)
        newest = recorded[-1].created_at
        read = [i for i, m in enumerate(recorded) if m.author_id is not None]
        after = recorded[read[-1] + 1 :] if read else recorded
        received = sum(m.direction == Message.Direction.IN for m in after)
        Thread.objects.filter(pk=thread_id).update(
            last_activity_at=Greatest(
                Coalesce(F("last_activity_at"), Value(newest)), Value(newest)
            ),
            unread_count=received if read else F("unread_count") + received,
        )


def message_record(
    *,
    thread: Thread,
    direction: str,
    text: str,
    at,
    member=None,
    author=None,
    label: str = "",
    labelled_by=None,
    language: str = "",
    reply_to: Message | None = None,
) -> Message:
    """Record a message that happened elsewhere (demo history, a chat export) without sending it."""
    return messages_record(
        [
            {
                "thread": thread,
                "direction": direction,
                "text": text,
                "at": at,
                "member": member,
                "author": author,
                "label": label,
                "labelled_by": labelled_by,
                "language": language,
                "reply_to": reply_to,
            }
        ]
    )[0]


def _recorded_ids(thread_ids, platform_ids) -> dict[tuple[int, str], int]:
    # Recorded messages have no channel: the thread says where their platform ids live.
    # The query names no thread and no order so that it is answered from the
    # platform_message_once index (a channel-less, non-empty id); threads are sorted here.
    if not platform_ids:
        return {}
    found = {}
    platform_ids = sorted(platform_ids)
    for start in range(0, len(platform_ids), 500):
        rows = (
            Message.objects.filter(
                channel__isnull=True, platform_message_id__in=platform_ids[start : start + 500]
            )
            .exclude(platform_message_id="")
            .order_by()
            .values_list("thread_id", "platform_message_id", "pk")
        )
        for thread_id, platform_id, pk in rows:
            if thread_id in thread_ids:
                found.setdefault((thread_id, platform_id), pk)
    return found


def _recorded_between(messages) -> dict[tuple[int, str], int]:
    """The stored ids of the platform ids of `messages`, looked for in their threads over
    the time they span: an export is in time order, so this reads a few rows through the
    (thread, created_at) index whatever the table's statistics say."""
    wanted = {(m.thread_id, m.platform_message_id) for m in messages if m.platform_message_id}
    if not wanted:
        return {}
    moments = [m.created_at for m in messages]
    rows = (
        Message.objects.filter(
            thread_id__in={thread_id for thread_id, _pid in wanted},
            created_at__gte=min(moments),
            created_at__lte=max(moments),
        )
        .exclude(platform_message_id="")
        .order_by()
        .values_list("thread_id", "platform_message_id", "pk", "channel_id")
    )
    found = {}
    for thread_id, platform_id, pk, channel_id in rows.iterator(chunk_size=2000):
        if channel_id is None and (thread_id, platform_id) in wanted:
            found.setdefault((thread_id, platform_id), pk)
    return found


# What the ORM compiles value by value for each row takes most of an import's time (a
# group's history is 100,000 messages): rows whose platform ids are known to be new in
# their thread go in with one executemany, their ids read back through the index above.
_COLUMNS = [f for f in Message._meta.concrete_fields if not f.primary_key]


def _insert_new(messages) -> None:
    table = connection.ops.quote_name(Message._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    # The backend's own form where it has one (UTC text for SQLite, Jsonb for PostgreSQL).
    ops = connection.ops
    adapters = {
        "DateTimeField": ops.adapt_datetimefield_value,
        "JSONField": lambda value: ops.adapt_json_value(value, None),
    }
    columns = [(f.attname, adapters.get(f.get_internal_type())) for f in _COLUMNS]
    rows = [
        [adapt(getattr(m, name)) if adapt else getattr(m, name) for name, adapt in columns]
        for m in messages
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[start : start + 1000]
            )
    ids = _recorded_between(messages)
    for message in messages:
        message.pk = ids[(message.thread_id, message.platform_message_id)]
        message._state.adding, message._state.db = False, connection.alias


def messages_record(records, *, skip_recorded: bool = False) -> list[Message]:
    """Record many messages at once (each record holds message_record's arguments).

    A record may also carry `media_kind`, `extra`, its `platform_message_id` and the
    `reply_to_platform_id` of the message it answers in the same thread (recorded before,
    or in this batch). With `skip_recorded`, a record whose platform id its thread already
    holds is left out, so an import run twice adds nothing; returns the messages stored.
    """
    pending = []
    for record in records:
        record = dict(record)
        reply_platform_id = record.pop("reply_to_platform_id", "")
        pending.append((_recorded(**record), reply_platform_id))
    thread_ids = {message.thread_id for message, _reply in pending}
    with transaction.atomic():
        if skip_recorded:
            known = _recorded_between([m for m, _r in pending])
            kept, seen = [], set()
            for message, reply in pending:
                key = (message.thread_id, message.platform_message_id)
                if message.platform_message_id and (key in known or key in seen):
                    continue
                seen.add(key)
                kept.append((message, reply))
            pending = kept
        earlier = _recorded_ids(thread_ids, {reply for _m, reply in pending if reply})
        for message, reply in pending:
            if reply and (message.thread_id, reply) in earlier:
                message.reply_to_id = earlier[(message.thread_id, reply)]
        messages = [message for message, _reply in pending]
        if skip_recorded:
            # Every platform id here is new in its thread (checked above): fast path.
            fresh = [m for m in messages if m.platform_message_id]
            _insert_new(fresh)
            Message.objects.bulk_create([m for m in messages if not m.platform_message_id])
        else:
            Message.objects.bulk_create(messages, batch_size=500)
        # Answers to a message of this very batch: its row id exists only now.
        stored = {(m.thread_id, m.platform_message_id): m.pk for m in messages}
        later = []
        for message, reply in pending:
            if reply and message.reply_to_id is None and (message.thread_id, reply) in stored:
                message.reply_to_id = stored[(message.thread_id, reply)]
                later.append(message)
        Message.objects.bulk_update(later, ["reply_to"], batch_size=500)
        threads = {id(r["thread"]): r["thread"] for r in records}.values() if messages else []
        days_add(days_count(messages, threads))
        _threads_follow(messages)
    return messages


# -- reading and labelling ------------------------------------------------------------


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


# -- erasure and retention (docs/privacy.md) --------------------------------------------

ERASE_BATCH = 500


def messages_erase_for_member(*, member) -> list[int]:
    """Every message the member wrote, and every message of their private threads, becomes
    a placeholder "removed at the member's request": text, files and platform details
    gone; thread, direction, label and time kept, so counts and threads stay whole.
    Returns the ids (the pipeline blanks its copies of them)."""
    ids = list(
        Message.objects.filter(Q(member=member) | Q(thread__member=member))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), ERASE_BATCH):
        Message.objects.filter(pk__in=ids[start : start + ERASE_BATCH]).update(
            text="", extra={}, redacted=Redaction.MEMBER_REQUEST
        )
    # A private chat's platform ids carry the person's address (Telegram's "chat:message",
    # WhatsApp's wamid): nothing will need them again.
    Message.objects.filter(thread__member=member).update(platform_message_id="")
    return ids


def messages_retention_expire(*, service_id: int, before, limit: int) -> list[int]:
    """Blank up to `limit` of the service's messages older than `before` (the service's
    message retention): the rows stay as placeholders. Returns the ids blanked."""
    ids = list(
        Message.objects.filter(service_id=service_id, created_at__lt=before, redacted="")
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        Message.objects.filter(pk__in=ids, redacted="").update(
            text="", extra={}, redacted=Redaction.RETENTION
        )
    return ids


def messages_media_expire(*, service_id: int, before, limit: int) -> int:
    """Forget the media references (platform file ids, links) of up to `limit` messages
    older than `before`: the file can no longer be fetched; the message and its kind stay."""
    rows = list(
        Message.objects.filter(service_id=service_id, created_at__lt=before)
        .filter(extra__has_key="media")
        .order_by("created_at", "id")
        .values_list("pk", "extra")[:limit]
    )
    for pk, extra in rows:
        kept = {k: v for k, v in (extra or {}).items() if k != "media"}
        Message.objects.filter(pk=pk).update(extra=kept)
    return len(rows)


# What stands for an erased person's name in someone else's message.
NAME_REMOVED = "[…]"


def messages_name_scrub(
    *, org_id: int, full_name: str, erased_ids, related_ids=()
) -> dict[int, str]:
    """Take an erased person's name out of other people's messages (staff answers in the
    group, mostly): the full name wherever it appears in the organization when it has
    two words or more (distinctive enough), and any word of it in replies to the person's
    messages and in `related_ids` (answers to their questions). Returns {id: new text} of
    the messages changed (the pipeline rewrites its copies of them)."""
    full = " ".join((full_name or "").split())
    words = sorted({w for w in full.split() if len(w) >= 2 and w.isalpha()}, key=len)[::-1]
    erased_ids, related = list(erased_ids), set(related_ids)
    wanted = Q(reply_to_id__in=erased_ids) | Q(pk__in=related)
    if len(words) >= 2:
        wanted |= Q(text__contains=full)
    if not full or not (erased_ids or related or len(words) >= 2):
        return {}
    changed = {}
    rows = (
        Message.objects.filter(wanted, org_id=org_id, redacted="")
        .exclude(text="")
        .values_list("pk", "text", "reply_to_id")
    )
    erased = set(erased_ids)
    for pk, text, reply_to_id in rows.iterator():
        new = text.replace(full, NAME_REMOVED) if len(words) >= 2 else text
        if reply_to_id in erased or pk in related:
            for word in words:
                new = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", NAME_REMOVED, new, flags=re.I)
        if new != text:
            Message.objects.filter(pk=pk).update(text=new)
            changed[pk] = new
    return changed
