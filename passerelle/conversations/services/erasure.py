"""Erasure and retention (docs/privacy.md): texts and names removed, rows and counts kept."""

import re

from django.db.models import Q

from passerelle.conversations.models import Message, Redaction

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
