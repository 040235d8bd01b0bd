"""Import benchmark: a 100,000-line WhatsApp export through `passerelle import whatsapp`.

Writes a generated export (about 500 people over three years: multi-line messages, joins,
additions, leaves, removals, notices, media and deleted placeholders, Arabic and French
text with WhatsApp's invisible marks) to a temporary file, imports it into a fresh service
on a database of its own — SQLite unless $DATABASE_URL (or --database-url) names a
PostgreSQL server — then imports it again (which must add nothing), and prints ONE JSON
line: wall time and peak memory of the import process, rows written, second run.

    python bench/import.py [--lines 100000] [--smoke] [--database-url postgres://…]

Goals: ≤ 20 s wall and ≤ 500 MB peak resident memory for 100,000 lines.
"""

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from passerelle.testing import processes  # noqa: E402

LRM = "\u200e"
WORDS = (
    "school registration housing clinic bus pass French classes job fair food bank "
    "appointment document interpreter library winter coat rent lease SIN card"
).split()
ARABIC = ["كيف أسجل أولادي في المدرسة؟", "شكرا جزيلا", "أين مكتب الهجرة؟", "هل يوجد مترجم؟"]
FRENCH = ["Où est la clinique ?", "Merci beaucoup !", "Les cours de français commencent quand ?"]
COUNT_ROWS = """
import json
from passerelle.communities.models import MembershipEvent
from passerelle.conversations.models import Message
from passerelle.members.models import Member
print(json.dumps({"messages": Message.objects.count(), "members": Member.objects.count(),
                  "events": MembershipEvent.objects.count()}))
"""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y, %H:%M - ")


def _text(rng) -> list[str]:
    roll = rng.random()
    if roll < 0.15:
        return [rng.choice(ARABIC)]
    if roll < 0.25:
        return [rng.choice(FRENCH)]
    if roll < 0.33:  # a message on several lines
        return [" ".join(rng.choices(WORDS, k=6)) for _ in range(rng.randint(2, 4))]
    if roll < 0.37:
        return ["<Media omitted>"]
    if roll < 0.39:
        return ["This message was deleted"]
    return [" ".join(rng.choices(WORDS, k=rng.randint(3, 14)))]


def write_export(path: Path, lines: int, people: int = 500, seed: int = 7) -> None:
    """Stream a day-first Android export of about `lines` lines to `path`."""
    rng = random.Random(seed)
    names = [
        f"Person {n:03d} {rng.choice(['Ali', 'Chloé', 'Farah', 'Jean', 'Noor'])}"
        for n in range(people)
    ]
    inside: list[str] = []  # people in the group now, in the order they came
    moment = datetime(2021, 3, 1, 9, 0)
    step = timedelta(days=3 * 365) / max(lines, 1)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            _stamp(moment) + "Messages and calls are end-to-end encrypted. No one outside of "
            "this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        )
        written += 1
        while written < lines:
            moment += step * rng.uniform(0.5, 1.5)
            roll = rng.random()
            if roll < 0.035:
                outside = [n for n in names if n not in inside]
                if roll < 0.02 and outside:
                    who = rng.choice(outside)
                    inside.append(who)
                    line = f"{who} joined using this group's invite link"
                elif roll < 0.03 and len(outside) >= 2:
                    added = rng.sample(outside, 2)
                    inside.extend(added)
                    line = f"{names[0]} added {added[0]} and {added[1]}"
                elif len(inside) > 10:
                    who = rng.choice(inside[1:])
                    inside.remove(who)
                    line = f"{who} left" if rng.random() < 0.7 else f"{names[0]} removed {who}"
                else:
                    continue
                out.write(f"{_stamp(moment)}{line}\n")
                written += 1
                continue
            who = rng.choice(inside) if inside and rng.random() < 0.9 else names[0]
            first, *rest = _text(rng)
            mark = LRM if first.startswith("<") else ""
            out.write(f"{mark}{_stamp(moment)}{who}: {first}\n")
            for more in rest:
                out.write(more + "\n")
            written += 1 + len(rest)


def _timed_import(env, path: Path, slug: str):
    """(wall seconds, CPU seconds, peak resident MB, stdout) of one `passerelle import`."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "passerelle", "import", "whatsapp", str(path), "--service", slug],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if proc.returncode:
        raise SystemExit(f"import failed ({proc.returncode}):\n{out}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, out  # ru_maxrss is in KiB on Linux


def _figure(out: str, label: str) -> int:
    line = next(x for x in out.splitlines() if x.startswith(label))
    return int(line.split(":", 1)[1].split()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--smoke", action="store_true", help="2,000 lines, for CI")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite://"))
    args = parser.parse_args()
    if args.smoke:
        args.lines = 2_000
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-import-")))
        env = stack.enter_context(processes.isolated_database(tmp, args.database_url))
        env["PASSERELLE_LOG_LEVEL"] = "WARNING"
        processes.manage(env, "migrate", "--noinput")
        processes.manage(env, "service", "create", "--slug", "bench", "--name", "Bench")
        export = tmp / "WhatsApp Chat with Bench.txt"
        write_export(export, args.lines)
        seconds, cpu, peak_mb, out = _timed_import(env, export, "bench")
        again_seconds, _again_cpu, again_mb, again = _timed_import(env, export, "bench")
        rows = json.loads(processes.manage(env, "shell", "-c", COUNT_ROWS).stdout.splitlines()[-1])
        result = {
            "bench": "import",
            "smoke": args.smoke,
            "database": "sqlite" if env["DATABASE_URL"].startswith("sqlite") else "postgresql",
            "lines": sum(1 for _ in export.open(encoding="utf-8")),
            "file_mb": round(export.stat().st_size / 2**20, 1),
            "records": _figure(out, "records read"),
            "messages": rows["messages"],
            "members": rows["members"],
            "membership_events": rows["events"],
            "skipped": _figure(out, "skipped"),
            "wall_s": round(seconds, 2),
            # CPU time too: wall time on a shared machine says as much about the neighbours.
            "cpu_s": round(cpu, 2),
            "peak_mb": round(peak_mb, 1),
            "second_run_wall_s": round(again_seconds, 2),
            "second_run_peak_mb": round(again_mb, 1),
            "second_run_added": _figure(again, "messages added")
            + _figure(again, "membership events"),
        }
        result["goals_met"] = {
            "wall": seconds <= 20 * max(1, args.lines / 100_000),
            "memory": peak_mb <= 500,
            "idempotent": result["second_run_added"] == 0,
        }
    print(json.dumps(result))
    if result["second_run_added"] or result["skipped"]:
        sys.exit(1)  # correctness, unlike speed, does not depend on the machine


if __name__ == "__main__":
    main()
