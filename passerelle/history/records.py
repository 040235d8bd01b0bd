"""What a chat export says, in neutral records: no platform layout, no database.

The readers (whatsapp.py, telegram.py) turn a file into an `Export`; the import
(services.py) writes its records through the domain's services.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Kind(StrEnum):
    MESSAGE = "message"
    JOIN = "join"  # the subjects came in on their own (an invite link)
    ADD = "add"  # the sender (an admin) added the subjects
    LEAVE = "leave"
    REMOVE = "remove"  # the sender removed the subjects
    SYSTEM = "system"  # anything else the platform wrote: encryption notice, new subject…


# The membership changes a record holds for its subjects.
MEMBERSHIP_KINDS = (Kind.JOIN, Kind.ADD, Kind.LEAVE, Kind.REMOVE)


class Media(StrEnum):
    """What stood where a file was (the words of conversations' Message.Media)."""

    NONE = ""
    PHOTO = "photo"
    VIDEO = "video"
    AUDIO = "audio"
    VOICE = "voice"
    DOCUMENT = "document"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone an export names: `id` when the platform gives one (Telegram's `user123`)."""

    name: str
    id: str = ""
    # The person who made the export, whom WhatsApp calls "You" and never names.
    is_exporter: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    """One message or one system line of an export, at its real (aware) time.

    `source_id` is stable: the same line of the same chat gets the same id in every export
    of it, so a second import finds what the first one stored. `sender` wrote the message
    or did the change (an admin adding someone); `subjects` are whose membership changed.
    """

    kind: Kind
    at: datetime
    source_id: str
    line: int = 0
    sender: Person | None = None
    subjects: tuple[Person, ...] = ()
    text: str = ""
    reply_to: str = ""  # the source_id of the message answered
    media: Media = Media.NONE
    file_name: str = ""  # the file a media line names, as in the export's ZIP
    deleted: bool = False  # "This message was deleted": it was a message, its text is gone
    forwarded_from: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """A line (WhatsApp) or message (Telegram) that could not be read, and why."""

    reason: str
    line: int = 0
    message_id: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else f"message {self.message_id or '?'}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Export:
    """A whole export as read: its records in file order, what could not be read, and
    what the reader found out (the date order, media files beside the text)."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    date_order: str = ""
    media_files: int = 0
    chat: str = ""


class ExportError(ValueError):
    """The file cannot be read as an export at all (nothing is imported)."""
