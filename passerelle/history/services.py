"""Importing the history of a group that already exists, through the domain's services.

The people of an export become members (`member_for_identity`, on a platform of their
own: "whatsapp_export", "telegram_export"), their messages land in the service's group
thread at their real times (`messages_record`, nothing sent), and the joins, leaves and
removals become membership events at their real times (`membership_history_merge`).
Every record has a stable id, so an import run twice adds nothing the second time; a
record that cannot land is reported, never a reason to stop.
"""

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from passerelle.communities.recorded import (
    JOINED,
    LEFT,
    REMOVED,
    SEEN,
    Change,
    membership_history_merge,
)
from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.history.records import MEMBERSHIP_KINDS, Kind, Media, Person, Problem, Record
from passerelle.members.services import member_for_identity

SOURCES = ("whatsapp", "telegram")
# Records written per transaction: small enough to hold little, large enough to be fast.
CHUNK = 2000
_CHANGE_OF = {Kind.JOIN: JOINED, Kind.ADD: JOINED, Kind.LEAVE: LEFT, Kind.REMOVE: REMOVED}
_PHONE = re.compile(r"^\+?[\d\s().-]{7,}$")


@dataclass(slots=True)
class Summary:
    """What an import did; `skipped` lists every record that did not land, and why."""

    records: int = 0
    messages: int = 0
    messages_known: int = 0
    members: int = 0
    memberships: int = 0
    events: int = 0
    events_known: int = 0
    system_lines: int = 0
    media_files: int = 0
    skipped: list[Problem] = field(default_factory=list)


def platform_for(source: str) -> str:
    """The identity platform an export's people are recorded on."""
    if source not in SOURCES:
        raise ValueError(f"unknown export source {source!r}")
    return f"{source}_export"


def identity_of(person: Person) -> tuple[str, str]:
    """(address, display name) of a person an export names, stable across exports.

    A phone number shown as a name (an unsaved contact) is kept as the address and the
    name is left to `default_name`, which masks it, so it never becomes a name every page
    shows. Other names are hashed: the address is not a second copy of the name.
    """
    if person.is_exporter:
        return "you", person.name
    if person.id:
        return person.id[:200], person.name
    if _PHONE.match(person.name) and sum(c.isdigit() for c in person.name) >= 7:
        return "+" + "".join(c for c in person.name if c.isdigit()), ""
    folded = " ".join(unicodedata.normalize("NFKC", person.name).casefold().split())
    return "name-" + hashlib.sha256(folded.encode()).hexdigest()[:24], person.name


class _People:
    """Members of the org by export identity, created on first sight (backdated)."""

    def __init__(self, service, platform, summary):
        self.service, self.platform, self.summary = service, platform, summary
        self.members = {}
        self.identities = {}
        self.first_seen = {}
        self.changes = defaultdict(list)

    def member(self, person: Person, at):
        if person not in self.identities:  # hashing a name is the slow part of a message
            self.identities[person] = identity_of(person)
        address, name = self.identities[person]
        if address not in self.members:
            member, created = member_for_identity(
                org=self.service.org, platform=self.platform, address=address, name=name, at=at
            )
            self.members[address] = member
            self.summary.members += created
        seen = self.first_seen.get(address)
        if seen is None or at < seen:
            self.first_seen[address] = at
        return self.members[address]

    def change(self, person: Person, change: Change) -> None:
        self.member(person, change.at)
        self.changes[self.identities[person][0]].append(change)


def _message_row(thread, member, record: Record, platform: str) -> dict:
    extra = {"imported": platform}
    if record.deleted:
        extra["deleted"] = True
    if record.forwarded_from:
        extra["forwarded_from"] = record.forwarded_from
    if record.file_name:
        extra["file_name"] = record.file_name
    return {
        "thread": thread,
        "direction": "in",
        "member": member,
        "text": record.text,
        "at": record.at,
        "media_kind": (record.media or Media.NONE).value or "text",
        "platform_message_id": record.source_id,
        "reply_to_platform_id": record.reply_to,
        "extra": extra,
    }


def _messages_write(rows, lines, summary) -> None:
    """Write a chunk; a message its thread already holds is counted as known."""
    try:
        written, bad = len(messages_record(rows, skip_recorded=True)), 0
    except ValidationError:
        # One bad row must not cost the others: write them one by one, report the bad one.
        written = bad = 0
        for row, line in zip(rows, lines, strict=True):
            try:
                written += len(messages_record([row], skip_recorded=True))
            except ValidationError as exc:
                bad += 1
                summary.skipped.append(Problem("; ".join(exc.messages), **line))
    summary.messages += written
    summary.messages_known += len(rows) - written - bad


def _where(record: Record) -> dict:
    # A WhatsApp record is found by its line, a Telegram one by the message's own id.
    if record.line:
        return {"line": record.line}
    return {"message_id": record.source_id.rsplit(":", 1)[-1]}


def history_import(
    *, service, records, source: str, progress: Callable[[int, int], None] | None = None
) -> Summary:
    """Import an export's records into a service; returns what landed and what did not."""
    platform = platform_for(source)
    records = list(records)
    summary = Summary(records=len(records))
    thread = group_thread_for(service)
    people = _People(service, platform, summary)
    for start in range(0, len(records), CHUNK):
        rows, lines = [], []
        for record in records[start : start + CHUNK]:
            if record.kind == Kind.MESSAGE:
                member = people.member(record.sender, record.at)
                rows.append(_message_row(thread, member, record, platform))
                lines.append(_where(record))
            elif record.kind in MEMBERSHIP_KINDS:
                if record.sender is not None:
                    people.member(record.sender, record.at)  # an admin is in the group
                for index, subject in enumerate(record.subjects):
                    people.change(
                        subject,
                        Change(
                            kind=_CHANGE_OF[record.kind],
                            at=record.at,
                            key=f"{record.source_id}:{index}",
                            data={"platform_kind": record.kind.value},
                            ref=_where(record),
                        ),
                    )
            else:
                summary.system_lines += 1
        _messages_write(rows, lines, summary)
        if progress is not None:
            progress(min(start + CHUNK, len(records)), len(records))
    for address, member in people.members.items():
        # Last, so an explicit join at the same moment as the first trace is the one kept.
        changes = people.changes[address] + [Change(kind=SEEN, at=people.first_seen[address])]
        merged = membership_history_merge(
            service=service, member=member, changes=changes, via=platform
        )
        summary.events += merged.events
        summary.events_known += merged.known
        summary.memberships += merged.created
        for where, reason in merged.unapplied:
            summary.skipped.append(Problem(reason, **where))
    summary.skipped.sort(key=lambda p: (p.line, p.message_id))
    return summary
