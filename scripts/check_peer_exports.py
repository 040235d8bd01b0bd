"""Check the history readers against other projects' real chat exports (run by hand).

    .venv/bin/python scripts/check_peer_exports.py [--dir ../shared/peer_exports] [-v]

The exports and their expected.json live outside the repository: their licences (GPL,
AGPL, MIT) differ from ours, so they are read from where they are and never copied here,
and this check is not part of the test suite or CI. For each file it reads the export
with passerelle.history and compares, month by month, with expected.json: member messages
within [messages_min, messages], joins, leaves and removals exactly, system lines and
distinct senders exactly, and the day/month order (a file whose dates fit both orders
must be refused without --date-order, and read with the order expected.json names).
Prints one table row per file; exits 1 when any file fails.
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from passerelle.history import telegram, whatsapp  # noqa: E402
from passerelle.history.records import Kind  # noqa: E402

# expected.json reads Telegram times given only as `date_unixtime` in this zone.
TZ = ZoneInfo("America/Toronto")
_EVENTS = {Kind.JOIN: "joined", Kind.ADD: "joined", Kind.LEAVE: "left", Kind.REMOVE: "removed"}


def _months(export):
    months = defaultdict(
        lambda: {"messages": 0, "joined": 0, "left": 0, "removed": 0, "system": 0, "who": set()}
    )
    senders = set()
    for record in export.records:
        month = months[record.at.astimezone(TZ).strftime("%Y-%m")]
        if record.kind == Kind.MESSAGE:
            who = record.sender.id or record.sender.name
            month["messages"] += 1
            month["who"].add(who)
            senders.add(who)
            continue
        month["system"] += 1
        if record.kind in _EVENTS:
            month[_EVENTS[record.kind]] += len(record.subjects)
    return months, senders


def _read(path: Path, spec: dict):
    """(export, problems with the date order) of one file."""
    if spec["kind"] != "whatsapp":
        return telegram.read(path.read_bytes(), tz=TZ), []
    text = path.read_text(encoding="utf-8-sig")
    issues = []
    if spec.get("date_order_ambiguous"):
        try:
            whatsapp.read(text, tz=TZ)
            issues.append("ambiguous dates read without --date-order")
        except whatsapp.DateOrderUnknown:
            pass
        export = whatsapp.read(text, tz=TZ, date_order=spec["pass_date_order"])
    else:
        export = whatsapp.read(text, tz=TZ)
    if export.date_order != (spec["pass_date_order"] or spec["date_order"]):
        issues.append(f"date order {export.date_order}, expected {spec['date_order']}")
    return export, issues


def check(path: Path, spec: dict) -> tuple[dict, list[str]]:
    export, issues = _read(path, spec)
    months, senders = _months(export)
    issues += [f"unreadable: {p}" for p in export.problems]
    expected = spec["months"]
    for month in sorted(set(months) | set(expected)):
        got = months.get(month) or months.default_factory()
        want = expected.get(month, {})
        low, high = want.get("messages_min", 0), want.get("messages", 0)
        if not low <= got["messages"] <= high:
            issues.append(f"{month}: {got['messages']} messages, expected {low}–{high}")
        for key in ("joined", "left", "removed"):
            if got[key] != want.get(key, 0):
                issues.append(f"{month}: {key} {got[key]}, expected {want.get(key, 0)}")
        if got["system"] != want.get("system_lines", 0):
            issues.append(f"{month}: {got['system']} system lines, expected {want['system_lines']}")
        if len(got["who"]) != want.get("senders", 0):
            issues.append(f"{month}: {len(got['who'])} senders, expected {want.get('senders')}")
    if len(senders) != spec["senders"]:
        issues.append(f"{len(senders)} senders, expected {spec['senders']}")
    row = {
        "messages": sum(m["messages"] for m in months.values()),
        "bounds": (
            sum(m["messages_min"] for m in expected.values()),
            sum(m["messages"] for m in expected.values()),
        ),
        "events": tuple(sum(m[k] for m in months.values()) for k in ("joined", "left", "removed")),
        "senders": len(senders),
        "order": export.date_order or "—",
    }
    return row, issues


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "peer_exports")
    parser.add_argument("-v", "--verbose", action="store_true", help="say why a file fails")
    args = parser.parse_args()
    expected = json.loads((args.dir / "expected.json").read_text(encoding="utf-8"))["files"]
    print(f"{'file':<52} {'order':<5} {'messages':>14} {'j/l/r':>7} {'senders':>7}  result")
    failed = 0
    for name, spec in expected.items():
        try:
            row, issues = check(args.dir / name, spec)
        except Exception as exc:  # a crash is a failed file, reported like the others
            row, issues = None, [f"{type(exc).__name__}: {exc}"]
        failed += bool(issues)
        if row is None:
            print(f"{name:<52} {'':<5} {'':>14} {'':>7} {'':>7}  FAIL")
        else:
            low, high = row["bounds"]
            events = "/".join(str(n) for n in row["events"])
            print(
                f"{name:<52} {row['order']:<5} {row['messages']:>5} in {low:>3}–{high:<3} "
                f"{events:>7} {row['senders']:>7}  {'FAIL' if issues else 'pass'}"
            )
        if issues and args.verbose:
            for issue in issues:
                print(f"    {issue}")
    print(f"{len(expected) - failed} of {len(expected)} pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
