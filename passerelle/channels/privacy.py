"""What the pipeline keeps about people, and forgetting it (docs/privacy.md).

The pipeline keeps raw webhook bodies (RawEvent), the calls it made (ChannelLog), the files
members sent on the native platforms (NativeFile), web chat browsers' push subscriptions
(PushSubscription), what it
sent to whom (OutboundMessage), per-address facts (ContactStatus), platform actions and
rate windows. The domain erases a person by giving their addresses and the ids of their
messages — plain values, never a domain object — and prunes by age per service by giving
channel ids and a cutoff. Every prune is claimed in bounded batches: a sweep never holds a
long delete, and two schedulers delete nothing twice.
"""

import logging
import re
import secrets
from collections.abc import Iterable

from django.db.models import Q

from passerelle.channels.models import (
    Channel,
    ChannelLog,
    ContactStatus,
    NativeFile,
    OutboundMessage,
    OutgoingFile,
    PlatformAction,
    PushSubscription,
    RateBucket,
    RawEvent,
)

log = logging.getLogger(__name__)

CANCELLED = "cancelled: the person's data was erased"
# Digits-only tokens shorter than this are too common to match in a body on their own;
# such an address is still found through the adapter's own parse of the body.
MIN_TOKEN = 6
SCAN_BATCH = 500


def _tokens(address: str) -> set[str]:
    """The forms an address takes in platform bodies: as stored, and its digits alone
    (WhatsApp writes 16135550101 for +16135550101, Twilio's form encodes the plus)."""
    tokens = {address}
    digits = re.sub(r"\D", "", address)
    if digits and re.fullmatch(r"[+\d\s().-]+", address):
        tokens.add(digits)
    return {t for t in tokens if t}


def _mentions(text: str, tokens: set[str]) -> bool:
    for token in tokens:
        if token.isdigit():
            if len(token) >= MIN_TOKEN and re.search(rf"(?<!\d){token}(?!\d)", text):
                return True
        elif len(token) >= MIN_TOKEN and token in text:
            return True
    return False


def _channels_by_platform(org_id: int) -> dict[str, list[Channel]]:
    found: dict[str, list[Channel]] = {}
    for channel in Channel.objects.filter(org_id=org_id):
        try:
            platform = channel.channel_type.platform
        except KeyError:  # a type no longer installed: its rows are matched by text only
            platform = ""
        found.setdefault(platform, []).append(channel)
    return found


def _from_sender(channel: Channel, body: str, addresses: set[str]) -> bool:
    try:
        events = channel.channel_type.parse(channel, body)
    except Exception:  # a body the adapter no longer reads: the text match decides
        return False
    return any(event.sender_address in addresses for event in events)


def _raw_events_erase(channels: list[Channel], addresses: set[str], tokens: set[str]) -> int:
    if not tokens:
        return 0
    mentioned = Q()
    for token in tokens:
        mentioned |= Q(body__contains=token) | Q(external_id__contains=token)
    candidates = RawEvent.objects.filter(mentioned, channel__in=channels).order_by("pk")
    doomed, last = [], 0
    by_id = {c.pk: c for c in channels}
    while True:
        batch = list(
            candidates.filter(pk__gt=last).only("pk", "channel_id", "body", "external_id")[
                :SCAN_BATCH
            ]
        )
        if not batch:
            break
        last = batch[-1].pk
        for row in batch:
            if _mentions(row.body, tokens) or _mentions(row.external_id, tokens):
                doomed.append(row.pk)
            elif _from_sender(by_id[row.channel_id], row.body, addresses):
                doomed.append(row.pk)
    for start in range(0, len(doomed), SCAN_BATCH):
        RawEvent.objects.filter(pk__in=doomed[start : start + SCAN_BATCH]).delete()
    return len(doomed)


def _logs_erase(channels: list[Channel], tokens: set[str], outbound_ids: list[int]) -> int:
    mentioned = Q(outbound_id__in=outbound_ids) if outbound_ids else Q(pk__in=[])
    for token in tokens:
        mentioned |= (
            Q(request__contains=token) | Q(response__contains=token) | Q(url__contains=token)
        )
    candidates = ChannelLog.objects.filter(mentioned, channel__in=channels).order_by("pk")
    outbound = set(outbound_ids)
    doomed, last = [], 0
    while True:
        batch = list(candidates.filter(pk__gt=last)[:SCAN_BATCH])
        if not batch:
            break
        last = batch[-1].pk
        for row in batch:
            text = "\n".join((row.url, row.request, row.response, row.error))
            if row.outbound_id in outbound or _mentions(text, tokens):
                doomed.append(row.pk)
    for start in range(0, len(doomed), SCAN_BATCH):
        ChannelLog.objects.filter(pk__in=doomed[start : start + SCAN_BATCH]).delete()
    return len(doomed)


def addresses_erase(
    *,
    org_id: int,
    addresses: Iterable[tuple[str, str]],
    source_ids: Iterable[int] = (),
    rewritten: dict[int, str] | None = None,
) -> dict[str, int]:
    """Forget what the pipeline keeps about a person: `addresses` are (identity platform,
    address) pairs, `source_ids` the ids of the messages that were theirs, `rewritten` the
    new text of others' messages that named them ({message id: text}).

    Raw bodies and call logs that mention an address are deleted (a reply by someone else
    quotes the person, so "mentions" and not only "sent by"); sends to the address and
    copies of their messages keep their row (delivery counts) without text, media or
    template, the address replaced by a random placeholder, queued ones cancelled;
    per-address facts and rate windows are deleted; platform actions lose their params.
    Runs inside the caller's transaction.
    """
    by_platform = _channels_by_platform(org_id)
    source_ids = sorted(set(source_ids))
    counts = dict.fromkeys(
        ("raw_events", "logs", "outbound", "contacts", "actions", "files", "push"), 0
    )
    pairs = sorted({(p, a) for p, a in addresses if a})
    outbound_ids: list[int] = []

    blank = {"text": "", "media": None, "template": None, "reply_to_platform_id": ""}
    for start in range(0, len(source_ids), SCAN_BATCH):
        chunk = source_ids[start : start + SCAN_BATCH]
        copies = OutboundMessage.objects.filter(org_id=org_id, source_id__in=chunk)
        outbound_ids += list(copies.values_list("pk", flat=True))
        copies.filter(state=OutboundMessage.State.QUEUED).update(
            state=OutboundMessage.State.FAILED, error=CANCELLED
        )
        counts["outbound"] += copies.update(**blank)

    for source_id, text in sorted((rewritten or {}).items()):
        # Others' messages that named the person: their copies say what the message says
        # now (a queued one still goes out); the calls that carried the name go.
        copies = OutboundMessage.objects.filter(org_id=org_id, source_id=source_id)
        outbound_ids += list(copies.values_list("pk", flat=True))
        copies.update(text=text)

    platforms = {platform for platform, _address in pairs}
    for platform in platforms:
        channels = by_platform.get(platform, [])
        if not channels:
            continue
        mine = {address for p, address in pairs if p == platform}
        tokens = set().union(*(_tokens(a) for a in mine))
        for address in sorted(mine):
            ids = list(
                OutboundMessage.objects.filter(channel__in=channels, recipient=address).values_list(
                    "pk", flat=True
                )
            )
            outbound_ids += ids
            sends = OutboundMessage.objects.filter(pk__in=ids)
            # A platform's error or id of a private send may carry the address
            # ("chat:message", "The 'To' number +1… is not valid").
            counts["outbound"] += sends.update(
                recipient=f"erased-{secrets.token_hex(12)}",
                error="",
                platform_message_id="",
                **blank,
            )
            sends.filter(state=OutboundMessage.State.QUEUED).update(
                state=OutboundMessage.State.FAILED, error=CANCELLED
            )
            counts["contacts"] += ContactStatus.objects.filter(
                channel__in=channels, address=address
            ).delete()[0]
            actions = PlatformAction.objects.filter(channel__in=channels, params__user=address)
            actions.filter(state=PlatformAction.State.QUEUED).update(
                state=PlatformAction.State.FAILED, error=CANCELLED
            )
            counts["actions"] += actions.update(params={})
            RateBucket.objects.filter(key__endswith=f":{address}").delete()
        # Files they sent on the native platforms (simulator, web chat): the bytes go.
        counts["files"] += NativeFile.objects.filter(
            channel__in=channels, address__in=sorted(mine)
        ).delete()[0]
        # Their browsers' push subscriptions (web chat): no more notifications to them.
        counts["push"] += PushSubscription.objects.filter(
            channel__in=channels, address__in=sorted(mine)
        ).delete()[0]
        counts["raw_events"] += _raw_events_erase(channels, mine, tokens)
        counts["logs"] += _logs_erase(channels, tokens, [])
    if outbound_ids:
        # The calls that carried those sends, on any channel (a group post names them).
        every = [c for channels in by_platform.values() for c in channels]
        counts["logs"] += _logs_erase(every, set(), outbound_ids)
    log.info("pipeline data of one person erased in org %s: %s", org_id, counts)
    return counts


# -- retention --------------------------------------------------------------------------


def _delete_batch(queryset, limit: int) -> int:
    """Delete at most `limit` rows of a query: ids first, then one bounded DELETE."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    return queryset.model.objects.filter(pk__in=ids).delete()[0]


def raw_events_prune(*, channel_ids: list[int], processed_before, limit: int) -> int:
    """Delete up to `limit` raw bodies of these channels processed before the cutoff
    (never one still waiting to be processed)."""
    return _delete_batch(
        RawEvent.objects.filter(
            channel_id__in=channel_ids,
            # received ≤ processed: the received_at index narrows the scan.
            received_at__lt=processed_before,
            processed_at__lt=processed_before,
        ),
        limit,
    )


def channel_logs_prune(*, channel_ids: list[int], before, limit: int) -> int:
    """Delete up to `limit` call logs of these channels older than the cutoff."""
    return _delete_batch(
        ChannelLog.objects.filter(channel_id__in=channel_ids, created_at__lt=before), limit
    )


def outbound_media_prune(*, channel_ids: list[int], before, limit: int) -> int:
    """Forget the media references of up to `limit` sends older than the cutoff."""
    ids = list(
        OutboundMessage.objects.filter(
            channel_id__in=channel_ids, created_at__lt=before, media__isnull=False
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return OutboundMessage.objects.filter(pk__in=ids).update(media=None) if ids else 0


def native_files_prune(*, channel_ids: list[int], before, limit: int) -> int:
    """Delete up to `limit` files members sent on native channels before the cutoff."""
    return _delete_batch(
        NativeFile.objects.filter(channel_id__in=channel_ids, created_at__lt=before), limit
    )


def outgoing_files_prune(*, service_id: int, before, limit: int) -> int:
    """Delete up to `limit` files staff sent for this service before the cutoff."""
    return _delete_batch(
        OutgoingFile.objects.filter(service_id=service_id, created_at__lt=before), limit
    )


def outbound_text_prune(*, source_ids: list[int]) -> int:
    """Blank the copies of messages the domain's retention blanked (by message id)."""
    if not source_ids:
        return 0
    return OutboundMessage.objects.filter(source_id__in=source_ids).update(
        text="", media=None, template=None
    )
