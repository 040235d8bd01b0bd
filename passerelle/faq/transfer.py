"""The FAQ as a file and back: `passerelle faq export` and `passerelle faq import`.

Agencies keep their FAQ in documents and spreadsheets. One row per entry and language:
id, language, question (its phrasings, one a line), answer, source, last_verified,
review_by, then title and source_link so that an export imported again loses nothing.

Import upserts by id: a number is an entry of the service (its languages in the file
replace those languages' phrasings and answer, other languages stay); another word groups
the rows of one new entry; an empty id makes each row a new entry. Every row is checked
before anything is written, and the whole file is written in one transaction.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from passerelle.faq.models import FaqEntry
from passerelle.faq.services import REVIEW_AFTER, entry_write

COLUMNS = [
    "id",
    "language",
    "question",
    "answer",
    "source",
    "last_verified",
    "review_by",
    "title",
    "source_link",
]
REQUIRED = ("language", "question")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MAX_ROWS = 5000


class ImportError_(Exception):
    """The file cannot be imported: every problem found, with its row."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def export_rows(service) -> list[dict]:
    entries = FaqEntry.objects.filter(service=service).prefetch_related("phrasings")
    rows = []
    for entry in entries.order_by("pk"):
        phrasings: dict[str, list[str]] = {}
        for phrasing in entry.phrasings.all():
            phrasings.setdefault(phrasing.language, []).append(phrasing.text)
        for lang in sorted(set(phrasings) | set(entry.answers)):
            rows.append(
                {
                    "id": entry.pk,
                    "language": lang,
                    "question": "\n".join(phrasings.get(lang, [])),
                    "answer": entry.answers.get(lang, ""),
                    "source": entry.source_name,
                    "last_verified": entry.last_verified_on.isoformat(),
                    "review_by": entry.review_by.isoformat(),
                    "title": entry.title,
                    "source_link": entry.source_url,
                }
            )
    return rows


def export_text(service, fmt: str) -> str:
    rows = export_rows(service)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_rows(data: str, fmt: str) -> list[dict]:
    """The rows of a CSV or JSON file, as dicts of strings."""
    if fmt == "json":
        try:
            parsed = json.loads(data)
        except ValueError as exc:
            raise ImportError_([f"not JSON: {exc}"]) from exc
        if isinstance(parsed, dict):
            parsed = parsed.get("rows", parsed.get("entries"))
        if not isinstance(parsed, list) or not all(isinstance(r, dict) for r in parsed):
            raise ImportError_(["JSON must be a list of rows (objects)"])
        return [{k: "" if v is None else str(v) for k, v in row.items()} for row in parsed]
    reader = csv.DictReader(io.StringIO(data.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_([f"missing column(s): {', '.join(missing)}"])
    return [{k: (v or "") for k, v in row.items() if k} for row in reader]


@dataclass
class Planned:
    """One entry the file creates or changes."""

    key: str
    entry: FaqEntry
    phrasings: dict[str, list[str]]
    lines: list[int]
    created: bool
    changed: bool = True


@dataclass
class Summary:
    created: list[Planned] = field(default_factory=list)
    updated: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    dry_run: bool = False

    def text(self) -> str:
        head = "dry run, nothing written: would have " if self.dry_run else ""
        counts = f"{len(self.created)} created, {len(self.updated)} updated"
        return f"{head}{counts}, {len(self.unchanged)} unchanged"


def _date(value: str, line: int, name: str, problems: list[str]):
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"row {line}: {name} {value!r} is not a date (YYYY-MM-DD)")
        return None


def _current(entry: FaqEntry) -> tuple[dict, dict]:
    phrasings: dict[str, list[str]] = {}
    for phrasing in entry.phrasings.all():
        phrasings.setdefault(phrasing.language, []).append(phrasing.text)
    return phrasings, dict(entry.answers)


def plan(service, rows: list[dict]) -> list[Planned]:
    """Check every row and group them into entries; raise ImportError_ with all problems."""
    problems: list[str] = []
    if len(rows) > MAX_ROWS:
        raise ImportError_([f"at most {MAX_ROWS} rows per file ({len(rows)} given)"])
    today = timezone.localdate(timezone=service.tz)
    groups: dict[str, list[tuple[int, dict]]] = {}
    for line, row in enumerate(rows, start=2):
        key = row.get("id", "").strip()
        groups.setdefault(key or f"row {line}", []).append((line, row))
    existing = FaqEntry.objects.filter(
        service=service, pk__in=[int(k) for k in groups if k.isdigit()]
    ).prefetch_related("phrasings")
    existing = {str(e.pk): e for e in existing}
    planned = []
    for key, members in groups.items():
        first_line = members[0][0]
        if key.isdigit() and key not in existing:
            problems.append(f"row {first_line}: no FAQ entry {key} in service {service.slug}")
            continue
        entry = existing.get(key) or FaqEntry(org_id=service.org_id, service=service)
        phrasings, answers = _current(entry) if entry.pk else ({}, {})
        before = (
            {k: list(v) for k, v in phrasings.items()},
            dict(answers),
            entry.title,
            entry.source_name,
            entry.source_url,
            entry.last_verified_on,
            entry.review_by,
        )
        seen = set()
        found_before = len(problems)
        for line, row in members:
            lang = row.get("language", "").strip()
            if not _LANGUAGE.match(lang):
                problems.append(f"row {line}: language {lang!r} is not a language code")
                continue
            if lang in seen:
                problems.append(f"row {line}: language {lang} twice for entry {key}")
                continue
            seen.add(lang)
            lines = [p.strip() for p in row.get("question", "").splitlines() if p.strip()]
            if not lines:
                problems.append(f"row {line}: the question is empty")
            if any(len(p) > 500 for p in lines):
                problems.append(f"row {line}: a question is longer than 500 characters")
            phrasings[lang] = lines
            answer = row.get("answer", "").strip()
            if answer:
                answers[lang] = answer
            else:
                answers.pop(lang, None)
            if row.get("title", "").strip():
                entry.title = row["title"].strip()[:200]
            for column, attribute in (("source", "source_name"), ("source_link", "source_url")):
                if column in row:
                    setattr(entry, attribute, row[column].strip())
            verified = _date(row.get("last_verified", ""), line, "last_verified", problems)
            review = _date(row.get("review_by", ""), line, "review_by", problems)
            entry.last_verified_on = verified or entry.last_verified_on
            entry.review_by = review or entry.review_by
        if not entry.title:
            lang = service.default_language if phrasings.get(service.default_language) else None
            lang = lang or next((k for k, v in phrasings.items() if v), None)
            entry.title = (phrasings[lang][0] if lang else "")[:200]
        entry.last_verified_on = entry.last_verified_on or today
        entry.review_by = entry.review_by or entry.last_verified_on + REVIEW_AFTER
        if len(problems) > found_before:
            continue  # the entry-wide checks would only repeat what its rows said
        if entry.review_by <= entry.last_verified_on:
            problems.append(f"row {first_line}: review_by must be after last_verified")
        if not any(answers.values()):
            problems.append(f"row {first_line}: entry {key} has no answer in any language")
        entry.answers = answers
        after = (
            phrasings,
            answers,
            entry.title,
            entry.source_name,
            entry.source_url,
            entry.last_verified_on,
            entry.review_by,
        )
        planned.append(
            Planned(
                key=key,
                entry=entry,
                phrasings=phrasings,
                lines=[line for line, _row in members],
                created=not entry.pk,
                changed=not entry.pk or after != before,
            )
        )
    if problems:
        raise ImportError_(problems)
    return planned


def faq_import(service, rows: list[dict], *, dry_run: bool = False) -> Summary:
    """Upsert the file's entries into the service (all or nothing); what was done."""
    planned = plan(service, rows)
    summary = Summary(dry_run=dry_run)
    for item in planned:
        bucket = summary.created if item.created else summary.updated
        (bucket if item.changed else summary.unchanged).append(item)
    if dry_run:
        return summary
    try:
        with transaction.atomic():
            for item in summary.created + summary.updated:
                entry_write(entry=item.entry, phrasings=item.phrasings)
    except ValidationError as exc:
        raise ImportError_([f"entry {item.key}: {m}" for m in exc.messages]) from exc
    return summary
