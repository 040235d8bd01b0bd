"""WhatsApp's "Export chat" text file → records.

Two layouts, each in every locale's clock and calendar:
    Android   12/31/17, 9:05 PM - Name: text        31.12.2017, 21:05 - Name: text
    iPhone    [31/12/2017, 21:05:12] Name: text     [12/31/2560 BE, 9:05:12 PM] Name: text
A line that starts with a time stamp starts a record; any other line continues the one
above (a message on several lines). Day and month order is not written anywhere: it is
read from the whole file (a first field above 12 is a day; four digits first is a year)
or given, and a file whose dates fit both orders is refused rather than guessed.
"""

import hashlib
import re
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from passerelle.common.text import storable
from passerelle.history import whatsapp_lines as lines
from passerelle.history.records import Export, ExportError, Kind, Media, Problem, Record

DATE_ORDERS = ("dmy", "mdy", "ymd")
# Invisible marks WhatsApp puts around dates and names (left-to-right and right-to-left
# marks, embeddings, isolates, a byte-order mark), and the spaces some clocks use.
_MARKS = dict.fromkeys(
    [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
    + [0xFEFF]
)
# One character for one: the header is matched on this copy, the body cut from the line.
_HEADER_CHARS = {0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " ", 0x060C: ","}
_HEADER_CHARS.update({0x0660 + n: str(n) for n in range(10)})  # Arabic-Indic digits
_HEADER_CHARS.update({0x06F0 + n: str(n) for n in range(10)})  # Persian digits
_PROBE = {**_MARKS, **_HEADER_CHARS}
_MARK = re.compile("[" + "".join(map(chr, _MARKS)) + "]")


def _unmarked(text: str) -> str:
    # translate() walks every character; most lines have no mark at all.
    return text if text.isascii() or not _MARK.search(text) else _MARK.sub("", text)


_DATE = r"(?P<a>\d{1,4})(?P<sep>[./-]) ?(?P<b>\d{1,2})(?P=sep) ?(?P<c>\d{1,4})\.?(?P<be> ?BE)?"
# Localised day halves: "PM", "p. m.", "a.m.", Arabic ص/م, Greek π.μ./μ.μ. after the time;
# Japanese, Chinese and Korean ones before it.
_HALF = r"(?P<half>[aApP]\.? ?[mM]\.?|ص|م|[πμ]\. ?μ\.)"
_HALF_BEFORE = r"(?:(?P<before>午前|午後|上午|下午|오전|오후) ?)?"
_TIME = rf"{_HALF_BEFORE}(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?:[:.](?P<s>\d{{2}}))?(?: ?{_HALF})?"
# French phones may write "31/12/2017 à 21:05"; Czech ones drop the comma.
_BETWEEN = r"(?:,? | à )"
_ANDROID = re.compile(rf"^{_DATE}{_BETWEEN}{_TIME} [-–] ")
_IPHONE = re.compile(rf"^\[{_DATE}{_BETWEEN}{_TIME}\] ?")
_MORNING = ("a", "A", "ص", "π", "午前", "上午", "오전")


class DateOrderUnknown(ExportError):
    """Every date of the file fits both day/month and month/day: the reader must be told."""


def _cut(line: str, end: int, head_len: int) -> str:
    """The line after its header: `end` counts characters of the line without its marks."""
    if head_len == min(len(line), 80):
        return line[end:]  # no mark in the header: the usual case
    seen = 0
    for index, char in enumerate(line):
        if seen == end:
            return line[index:]
        if ord(char) not in _MARKS:
            seen += 1
    return ""


def _header(line: str):
    if not line:
        return None
    head = line[:80]
    probe = head if head.isascii() else head.translate(_PROBE)
    found = _ANDROID.match(probe) or _IPHONE.match(probe)
    if found is None:
        return None
    return found.groupdict(), _cut(line, found.end(), len(probe))


def infer_date_order(dates) -> str | None:
    """The order the whole file's dates agree on, or None when they fit both."""
    dates = list(dates)
    if not dates:
        return None
    if sum(len(a) == 4 for a, _b in dates) * 2 > len(dates):
        return "ymd"
    day_first = sum(int(a) > 12 for a, _b in dates)
    month_first = sum(int(b) > 12 for _a, b in dates)
    if day_first or month_first:
        return "dmy" if day_first >= month_first else "mdy"
    return None


def _moment(g: dict, order: str) -> datetime:
    a, b, c = int(g["a"]), int(g["b"]), int(g["c"])
    year, month, day = {"dmy": (c, b, a), "mdy": (c, a, b), "ymd": (a, b, c)}[order]
    year_digits = len(g["a"] if order == "ymd" else g["c"])
    if year_digits <= 2:
        year += 2000
    elif year_digits == 3:
        raise ValueError(f"year {year} is not a year")
    if g["be"] or year > 2400:
        year -= 543  # the Buddhist era Thai phones count in
    hour, minute, second = int(g["h"]), int(g["mi"]), int(g["s"] or 0)
    half = g["half"] or g["before"]
    if half and hour <= 12:
        morning = half.startswith(_MORNING)
        hour = (0 if hour == 12 else hour) if morning else (hour if hour == 12 else hour + 12)
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise ValueError(f"no such date or time ({exc})") from exc


def _source_id(local: datetime, body: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{local.isoformat()}\n{body}\n{occurrence}".encode()).hexdigest()
    return f"wa:{digest[:32]}"


def _marked_text(raw_body: str) -> bool:
    # iPhone writes its own lines in a group as "Group name: \u200eAlice added Bob".
    colon = raw_body.find(": ")
    return colon >= 0 and raw_body[colon + 2 : colon + 3] == "\u200e"


def _record(raw_body: str, at: datetime, local: datetime, occurrence_of, line: int) -> Record:
    body = storable(_unmarked(raw_body)).rstrip()
    key = (local, body)
    source_id = _source_id(local, body, occurrence_of[key])
    occurrence_of[key] += 1
    base = {"at": at, "source_id": source_id, "line": line}
    spoken = lines.said(body)
    if spoken is not None and _marked_text(raw_body) and lines.is_system_wording(spoken[1]):
        # iPhone attributes its own lines in a group to the group: "Group: \u200eAlice left".
        body, spoken = spoken[1].strip(), None
    if spoken is None:
        change = lines.membership_line(body.strip())
        if change is None:
            return Record(kind=Kind.SYSTEM, text=body, **base)
        kind, actor, subjects = change
        return Record(kind=kind, sender=actor, subjects=subjects, text=body, **base)
    name, spoken_text = spoken
    sender = lines.Person(name)
    if lines.is_deleted(spoken_text):
        return Record(kind=Kind.MESSAGE, sender=sender, deleted=True, **base)
    media, text, file_name = lines.media_of(spoken_text)
    return Record(
        kind=Kind.MESSAGE,
        sender=sender,
        text=text.strip(),
        media=media,
        file_name=file_name,
        **base,
    )


def read(text: str, *, tz: ZoneInfo, date_order: str | None = None) -> Export:
    """Read a whole export; times are wall-clock times in `tz` (the chat's time zone)."""
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ExportError(f"unknown date order {date_order!r}: use one of {DATE_ORDERS}")
    export = Export()
    entries = []  # [line number, header fields, [body lines]]
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        header = _header(raw)
        if header is not None:
            fields, body = header
            entries.append([number, fields, [body]])
        elif entries:
            entries[-1][2].append(raw)
        elif _unmarked(raw).strip():
            export.problems.append(Problem("text before the first dated line", line=number))
    if not entries:
        raise ExportError("no dated WhatsApp line found: is this a WhatsApp chat export?")
    order = date_order or infer_date_order((f["a"], f["b"]) for _n, f, _l in entries)
    if order is None:
        raise DateOrderUnknown(
            "every date in this file fits both day/month and month/day order "
            "(no day is above 12): say which with --date-order dmy or --date-order mdy"
        )
    export.date_order = order
    occurrence_of = Counter()
    for number, fields, body_lines in entries:
        try:
            local = _moment(fields, order)
        except ValueError as exc:
            export.problems.append(Problem(str(exc), line=number))
            continue
        at = local.replace(tzinfo=tz)
        body = body_lines[0] if len(body_lines) == 1 else "\n".join(body_lines)
        export.records.append(_record(body, at, local, occurrence_of, number))
    return export


__all__ = ["DATE_ORDERS", "DateOrderUnknown", "Media", "infer_date_order", "read"]
