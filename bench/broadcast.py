"""Broadcast to N private Telegram chats through the real outbound pipeline; one JSON line.

Real `passerelle worker` processes and a scheduler on a fresh PostgreSQL (or SQLite)
database send OutboundMessage rows through python-telegram-bot to the fake Bot API server,
which runs in this process and counts, without refusing, every request over Telegram's
limits (30 messages/s per bot, 1/s per chat). Mid-run one worker is SIGKILLed and
started again. Printed:

- rate_ratio: sends/s sustained over the run (the first window's burst left out) ÷ 30
  (goal ≥ 0.95)
- over_chat_limit: requests over the 1/s per-chat limit (goal 0); over_bot_limit likewise,
  as the fake counted them while serving; over_bot_limit_by_arrival: the same checked
  afterwards on the arrival times sorted (requests with 30 others in the second before)
- duplicates / lost: recipients that got a message twice / never (goal 0 and 0)

    .venv/bin/python bench/broadcast.py                    # 10,000 recipients, ~6 minutes
    .venv/bin/python bench/broadcast.py --recipients 300   # a smoke run for CI, ~40 s
"""

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from passerelle.testing import processes  # noqa: E402
from passerelle.testing.fakeplatforms.telegram import FakeTelegram  # noqa: E402

TOKEN = "7100000001:AAFakeTokenForPasserelleBench00000000"
ALLOWED_PER_SECOND = 30
FIRST_CHAT = 5_000_000_000
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/test"

QUEUE = """
from passerelle.channels.models import Channel
from passerelle.channels.sending import outbound_queue_many
from passerelle.channels.types.base import OutboundRequest
channel = Channel.objects.get(type="telegram")
text = "Séance d'information logement samedi 10 h — جلسة معلومات السكن"
# The pipeline needs no domain row: a broadcast is a source id and a neutral request.
print(outbound_queue_many(org_id=channel.org_id, source_id=1, channel=channel,
    request=OutboundRequest(text=text, recipient="", automated=True),
    recipients=[str({first} + i) for i in range({n})]))
"""
STATES = "select state, count(*) from channels_outboundmessage group by state"


def _sql(env, query):
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as conn:
            return conn.execute(query).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def _sent(fake) -> list:
    return [r for r in fake.calls("sendMessage") if r.status == 200]


def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="passerelle-bench-"))
    fake = FakeTelegram(token=TOKEN, rate_limits="count").start()
    base_url = args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    with processes.isolated_database(tmp, base_url) as env:
        env.update(
            PASSERELLE_SENDING_TIMEOUT_SECONDS=str(args.sending_timeout),
            PASSERELLE_LOG_LEVEL="WARNING",
        )
        processes.manage(env, "migrate", "--verbosity", "0", timeout=300)
        processes.manage(env, "service", "create", "--slug", "bench", "--name", "Bench")
        processes.manage(
            env,
            "channel",
            "add",
            "telegram",
            "--service",
            "bench",
            "--token",
            TOKEN,
            "--api-base-url",
            fake.url,
        )
        fake.reset()  # count sends only
        queued = int(
            processes.manage(env, "shell", "-c", QUEUE.format(first=FIRST_CHAT, n=args.recipients))
            .stdout.strip()
            .splitlines()[-1]
        )
        assert queued == args.recipients, queued

        def worker(name):
            return processes.start(env, "worker", "--interval", "0.05", log=tmp / f"{name}.log")

        workers = [worker(f"worker{i}") for i in range(args.workers)]
        scheduler = processes.start(env, "scheduler", "--interval", "1", log=tmp / "sched.log")
        killed_at = None
        started = time.monotonic()
        deadline = started + args.recipients / ALLOWED_PER_SECOND * 2 + 180
        try:
            while True:
                # Progress from the database: this process also runs the fake server, so
                # it stays idle rather than compete with it for the interpreter.
                states = dict(_sql(env, STATES))
                done = states.get("sent", 0)
                if killed_at is None and done >= args.recipients * args.kill_at:
                    processes.stop(workers[0], signal.SIGKILL)  # a crash, mid-send
                    killed_at = done
                    workers[0] = worker("worker0-restarted")
                if not states.get("queued") and not states.get("sending"):
                    break
                if time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        finally:
            for proc in (*workers, scheduler):
                processes.stop(proc)
        states = dict(_sql(env, STATES))
    fake.stop()

    sent = _sent(fake)
    per_chat = Counter(r.params["chat_id"] for r in sent)
    expected = {FIRST_CHAT + i for i in range(args.recipients)}
    times = sorted(r.at for r in sent)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    # The first window's sends go out at once (the limit allows a whole window's worth);
    # counting them would flatter short runs, so the rate is what the pacing sustained.
    rate = max(0, len(times) - ALLOWED_PER_SECOND) / span if span else 0.0
    violations = fake.violations()
    # The same limit checked afterwards on every request's arrival time, in time order.
    arrivals = sorted(r.at for r in fake.calls("sendMessage"))
    by_arrival = sum(
        1
        for i in range(ALLOWED_PER_SECOND, len(arrivals))
        if arrivals[i] - arrivals[i - ALLOWED_PER_SECOND] < 1.0
    )
    return {
        "bench": "broadcast",
        "recipients": args.recipients,
        "workers": args.workers,
        "database": "sqlite" if env["DATABASE_URL"].startswith("sqlite") else "postgresql",
        "sent": len(sent),
        "seconds": round(span, 1),
        "rate_per_s": round(rate, 2),
        "allowed_per_s": ALLOWED_PER_SECOND,
        "rate_ratio": round(rate / ALLOWED_PER_SECOND, 3),
        "over_chat_limit": violations.get("per_chat", 0),
        "over_bot_limit": violations.get("global", 0),
        "over_bot_limit_by_arrival": by_arrival,
        "duplicates": sum(count - 1 for count in per_chat.values() if count > 1),
        "lost": len(expected - set(per_chat)),
        "unexpected_chats": len(set(per_chat) - expected),
        "worker_killed_after": killed_at,
        "refused_requests": sum(1 for r in fake.calls("sendMessage") if r.status != 200),
        "rows_by_state": states,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction sent before the kill")
    parser.add_argument(
        "--database-url",
        default="",
        help="where to create the bench database: $DATABASE_URL, else "
        f"{DEFAULT_DATABASE}; sqlite:// for SQLite",
    )
    parser.add_argument(
        "--sending-timeout",
        type=int,
        default=15,
        help="seconds before a send left 'sending' by the killed worker is rescued",
    )
    print(json.dumps(run(parser.parse_args()), sort_keys=True))


if __name__ == "__main__":
    main()
