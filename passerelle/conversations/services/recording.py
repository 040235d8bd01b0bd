"""Recording: messages that happened elsewhere (demo history, a chat export), sent nowhere."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from passerelle.conversations.days import days_add, days_count
from passerelle.conversations.models import Label, Message, Thread
from passerelle.conversations.services.threads import threads_follow
from passerelle.nlp.language import language_of

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
    detect = bool(text) and direction == Message.Direction.IN
    detect = detect and thread.service.assistance_on("language")
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
        detected_language=(
            language_of(text)
            if text
            and direction == Message.Direction.IN
            and thread.service.assistance_on("language")
            else ""
        ),
        reply_to_id=reply_to.pk if reply_to else None,
        platform_message_id=(platform_message_id or "")[:200],
        extra=extra,
        created_at=at,
    )
    for field, value in ((_THREAD, thread), (_MEMBER, member), (_AUTHOR, author)):
        if value is not None:
            field.set_cached_value(message, value)
    return message


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
        threads_follow(messages)
    return messages
