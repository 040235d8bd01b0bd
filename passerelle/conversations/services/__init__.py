"""Writes for conversations: the only package that writes Message rows.

Every path that says something to a member or the group — a staff reply, an automatic
notice, a WhatsApp template, the SMS HELP answer — goes through `message_send`, which
stores the message and queues one neutral OutboundRequest per destination. Messages that
happened elsewhere (demo history, an imported chat export) are stored by `message_record`,
which sends nothing. One module per kind of write; callers import from here.
"""

from passerelle.conversations.services.erasure import (
    ERASE_BATCH,
    NAME_REMOVED,
    messages_erase_for_member,
    messages_media_expire,
    messages_name_scrub,
    messages_retention_expire,
)
from passerelle.conversations.services.labelling import (
    message_label,
    message_language_set,
    thread_mark_read,
)
from passerelle.conversations.services.receiving import (
    MAX_EDITS_KEPT,
    MEDIA_KEYS,
    message_edit_receive,
    message_receive,
    message_received,
)
from passerelle.conversations.services.recording import message_record, messages_record
from passerelle.conversations.services.sending import (
    MAX_REPLY_LENGTH,
    message_reply,
    message_send,
    message_send_system,
    messages_send_system_many,
    template_send,
    templates_send_system_many,
)
from passerelle.conversations.services.status import (
    thread_assign,
    thread_reply_channel_set,
    thread_status_set,
)
from passerelle.conversations.services.threads import (
    group_thread_for,
    private_thread_for,
    private_thread_known,
    private_threads_for_many,
    threads_follow,
)

__all__ = [
    "ERASE_BATCH",
    "MAX_EDITS_KEPT",
    "MAX_REPLY_LENGTH",
    "MEDIA_KEYS",
    "NAME_REMOVED",
    "group_thread_for",
    "message_edit_receive",
    "message_label",
    "message_language_set",
    "message_receive",
    "message_received",
    "message_record",
    "message_reply",
    "message_send",
    "message_send_system",
    "messages_erase_for_member",
    "messages_media_expire",
    "messages_name_scrub",
    "messages_record",
    "messages_retention_expire",
    "messages_send_system_many",
    "templates_send_system_many",
    "private_thread_for",
    "private_thread_known",
    "private_threads_for_many",
    "template_send",
    "thread_assign",
    "thread_reply_channel_set",
    "thread_mark_read",
    "thread_status_set",
    "threads_follow",
]
