"""Webhook ingest benchmark: signed Telegram and WhatsApp webhooks through the real server.

Starts `passerelle web` (gunicorn) and `passerelle worker` processes on a fresh PostgreSQL
database, posts real-format webhooks from a thread pool on 127.0.0.1, and prints ONE JSON
line: requests/s at full load, ack latency p50/p99, ack p99 at a fixed 100 requests/s,
p95 from webhook to visible in the inbox (the Message row exists), duplicates stored
(some deliveries are sent twice on purpose, some WhatsApp messages re-batched), and
Passerelle's throughput as a ratio of a minimal endpoint (signature check + one INSERT …
ON CONFLICT DO NOTHING, bench/ingest_baseline.py) under the same gunicorn settings on the
same database.

    python bench/ingest.py [--smoke] [--database-url postgres://…] [--web-workers 2] …

Goals: ratio ≥ 0.7, ≥ 300 requests/s, p99 ≤ 100 ms at 100/s, p95 visible ≤ 2 s, 0 duplicates.
"""

import argparse
import contextlib
import hashlib
import hmac
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from passerelle.testing import processes  # noqa: E402
from passerelle.testing.fakeplatforms import FakeGraph, FakeTelegram  # noqa: E402
from passerelle.testing.fakeplatforms.fixtures import GRAPH_TOKEN, TELEGRAM_TOKEN  # noqa: E402

APP_SECRET = "bench-app-secret"
TG_SECRET = "bench-telegram-secret"
TYPES = ROOT / "passerelle" / "channels" / "types"
WA_TEMPLATE = json.loads((TYPES / "whatsapp/fixtures/text.json").read_text())
TG_TEMPLATE = json.loads((TYPES / "telegram/fixtures/private_text.json").read_text())
SETUP = """
import json
from passerelle.channels.services import channel_create
from passerelle.testing.factories import make_service
service = make_service(slug="bench")
wa = channel_create(service=service, type_slug="whatsapp", name="wa",
    secrets={{"access_token": {graph_token!r}, "app_secret": {app_secret!r},
              "verify_token": "v"}},
    config={{"phone_number_id": "109876543210987", "api_base_url": {graph_url!r}}})
tg = channel_create(service=service, type_slug="telegram", name="tg",
    secrets={{"token": {tg_token!r}, "webhook_secret": {tg_secret!r}}},
    config={{"api_base_url": {tg_url!r}, "bot_id": "7100000001"}})
print(json.dumps({{"wa": str(wa.uuid), "tg": str(tg.uuid)}}))
"""


class Load:
    """Builds signed deliveries; every message carries a unique `bench-<n>` token."""

    def __init__(self, web_url, wa_uuid, tg_uuid, senders=300):
        self.wa_url = f"{web_url}/webhooks/{wa_uuid}/"
        self.tg_url = f"{web_url}/webhooks/{tg_uuid}/"
        self.seq = itertools.count(1)
        self.senders = senders
        self.sent_wa: list[dict] = []  # WhatsApp messages already sent, for re-batching
        self.unique_tokens: set[str] = set()
        self.duplicates = 0

    def _wa_message(self, n):
        sender = str(16135550000 + n % self.senders)
        return {
            "from": sender,
            "id": f"wamid.bench{n:08d}",
            "timestamp": str(int(time.time())),
            "text": {"body": f"bench-{n} مرحبا"},
            "type": "text",
        }

    def wa(self, messages) -> tuple[str, bytes, dict]:
        data = json.loads(json.dumps(WA_TEMPLATE))
        value = data["entry"][0]["changes"][0]["value"]
        value["messages"] = messages
        value["contacts"] = [
            {"profile": {"name": f"Bench {m['from']}"}, "wa_id": m["from"]} for m in messages
        ]
        body = json.dumps(data).encode()
        signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
        return (
            self.wa_url,
            body,
            {"X-Hub-Signature-256": signature, "Content-Type": "application/json"},
        )

    def tg(self, n) -> tuple[str, bytes, dict]:
        data = json.loads(json.dumps(TG_TEMPLATE))
        user = 6120000000 + n % self.senders
        data["update_id"] = 500_000_000 + n
        message = data["message"]
        message.update(message_id=n, date=int(time.time()), text=f"bench-{n} Bonjour")
        message["from"]["id"] = message["chat"]["id"] = user
        body = json.dumps(data).encode()
        return (
            self.tg_url,
            body,
            {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET, "Content-Type": "application/json"},
        )

    def next(self, duplicates=True) -> tuple[str, bytes, dict, str]:
        """One delivery and the token it makes visible ('' for a duplicate)."""
        roll = random.random()
        if duplicates and roll < 0.04 and self.sent_wa:
            self.duplicates += 1  # the same delivery again (a platform retry)
            return (*self.wa([random.choice(self.sent_wa)]), "")
        n = next(self.seq)
        token = f"bench-{n}"
        self.unique_tokens.add(token)
        if n % 2:
            return (*self.tg(n), token)
        message = self._wa_message(n)
        if duplicates and roll < 0.06 and self.sent_wa:
            self.duplicates += 1  # Meta re-batches an earlier message with a new one
            request = self.wa([random.choice(self.sent_wa), message])
        else:
            request = self.wa([message])
        self.sent_wa.append(message)
        return (*request, token)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 1)


def closed_loop(requests, concurrency, deadline_s):
    """Send as fast as `concurrency` clients can; (latencies, elapsed, errors)."""
    lock, source = threading.Lock(), iter(requests)
    latencies, errors = [], []
    stop_at = time.perf_counter() + deadline_s

    def client_loop():
        with httpx.Client(timeout=10) as client:
            while time.perf_counter() < stop_at:
                with lock:
                    item = next(source, None)
                if item is None:
                    return
                url, body, headers = item[:3]
                started = time.perf_counter()
                try:
                    status = client.post(url, content=body, headers=headers).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                latency = time.perf_counter() - started
                with lock:
                    latencies.append(latency)
                    if status != 200:
                        errors.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - started, errors


def fixed_rate(load, rate, seconds, sent_at):
    """Open loop at `rate`/s; latency counted from each request's scheduled time."""
    count = int(rate * seconds)
    items = [load.next(duplicates=False) for _ in range(count)]
    latencies, errors, lock = [], [], threading.Lock()
    start = time.perf_counter() + 0.2
    slots = iter(range(count))

    def client_loop():
        with httpx.Client(timeout=10) as client:
            while (i := next(slots, None)) is not None:
                due = start + i / rate
                time.sleep(max(0.0, due - time.perf_counter()))
                url, body, headers, token = items[i]
                sent_at[token] = time.time()
                try:
                    status = client.post(url, content=body, headers=headers).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                with lock:
                    latencies.append(time.perf_counter() - due)
                    if status != 200:
                        errors.append(status)

    threads = [threading.Thread(target=client_loop) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


class VisibilityWatch(threading.Thread):
    """Polls the database for new inbound messages and notes when each token appears."""

    def __init__(self, dsn):
        super().__init__(daemon=True)
        self.dsn, self.seen, self.stop = dsn, {}, threading.Event()

    def run(self):
        last = 0
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT id, text FROM conversations_message WHERE id > %s "
                    "AND direction = 'in' ORDER BY id",
                    (last,),
                ).fetchall()
                now = time.time()
                for pk, text in rows:
                    last = max(last, pk)
                    self.seen.setdefault(text.split(" ", 1)[0], now)
                time.sleep(0.02)


def wait_drained(dsn, timeout):
    """Wait until the workers processed every stored webhook; False on timeout."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            left = conn.execute(
                "SELECT count(*) FROM channels_rawevent WHERE processed_at IS NULL"
            ).fetchone()[0]
            if left == 0:
                return True
            time.sleep(0.1)
    return False


def duplicates_stored(dsn, tokens):
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT split_part(text, ' ', 1), count(*) FROM conversations_message "
            "WHERE direction = 'in' AND text LIKE 'bench-%%' GROUP BY 1"
        ).fetchall()
    counts = dict(rows)
    missing = sorted(tokens - set(counts))
    if missing:
        with psycopg.connect(dsn, autocommit=True) as conn:
            errors = conn.execute(
                "SELECT error, count(*) FROM channels_rawevent WHERE error <> '' GROUP BY 1"
            ).fetchall()
        print("not stored:", missing[:20], "raw event errors:", errors, file=sys.stderr)
        with psycopg.connect(dsn, autocommit=True) as conn:
            for token in missing[:3]:
                raws = conn.execute(
                    "SELECT id, channel_id, external_id, processed_at, attempts FROM channels_rawevent WHERE body LIKE %s",
                    (f"%{token} %",),
                ).fetchall()
                msgs = conn.execute(
                    "SELECT id, direction, text, thread_id FROM conversations_message WHERE text LIKE %s",
                    (f"%{token}%",),
                ).fetchall()
                print(token, raws, msgs, file=sys.stderr)
    return sum(c - 1 for c in counts.values()), len(missing)


def web_argv(bind, args):
    return ["--bind", bind, "--workers", str(args.web_workers), "--threads", str(args.threads)]


def baseline(env, args, total, log_dir):
    """Throughput of the minimal endpoint, same gunicorn flags, same database."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        from ingest_baseline import SCHEMA

        conn.execute(SCHEMA)
    port = processes.free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ingest_baseline:application",
            "--chdir",
            str(ROOT / "bench"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.web_workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
        env={**env, "BASELINE_DSN": env["DATABASE_URL"], "BASELINE_SECRET": APP_SECRET},
        stdout=open(log_dir / "baseline.log", "ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        processes.wait_http(f"http://127.0.0.1:{port}/")
        load = Load(f"http://127.0.0.1:{port}", "x", "x")
        load.wa_url = f"http://127.0.0.1:{port}/"
        requests = [load.wa([load._wa_message(n)]) for n in range(total + 200)]
        closed_loop(requests[:200], args.concurrency, 30)  # warm-up
        latencies, elapsed, errors = closed_loop(requests[200:], args.concurrency, args.seconds)
        return len(latencies) / elapsed, errors
    finally:
        processes.stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a few seconds, for CI")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--db-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--seconds", type=float, default=20, help="cap per full-load phase")
    parser.add_argument("--rate-seconds", type=float, default=15)
    args = parser.parse_args()
    if args.smoke:
        args.requests, args.seconds, args.rate_seconds = 300, 5, 2
    random.seed(7)
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ingest-")))
        env = stack.enter_context(processes.isolated_database(tmp, args.database_url))
        env["PASSERELLE_LOG_LEVEL"] = "WARNING"
        graph = stack.enter_context(FakeGraph(access_token=GRAPH_TOKEN))
        telegram = stack.enter_context(FakeTelegram(token=TELEGRAM_TOKEN))
        processes.manage(env, "migrate", "--noinput")
        setup = SETUP.format(
            graph_token=GRAPH_TOKEN,
            app_secret=APP_SECRET,
            graph_url=graph.url,
            tg_token=TELEGRAM_TOKEN,
            tg_secret=TG_SECRET,
            tg_url=telegram.url,
        )
        ids = json.loads(
            processes.manage(env, "shell", "-c", setup).stdout.strip().splitlines()[-1]
        )
        port = processes.free_port()
        web = processes.start(env, "web", *web_argv(f"127.0.0.1:{port}", args), log=tmp / "web.log")
        workers = [
            processes.start(env, "worker", log=tmp / f"worker{i}.log")
            for i in range(args.db_workers)
        ]
        web_url = f"http://127.0.0.1:{port}"
        processes.wait_http(f"{web_url}/login/")
        load = Load(web_url, ids["wa"], ids["tg"])
        dsn = env["DATABASE_URL"]

        warm = closed_loop([load.next() for _ in range(200)], args.concurrency, 30)  # warm-up
        print("warm-up errors", warm[2], file=sys.stderr)
        wait_drained(dsn, 120)
        latencies, elapsed, errors = closed_loop(
            [load.next() for _ in range(args.requests)], args.concurrency, args.seconds
        )
        throughput = len(latencies) / elapsed
        drained_after_burst = wait_drained(dsn, 300)

        watch = VisibilityWatch(dsn)
        watch.start()
        sent_at: dict[str, float] = {}
        rate_latencies, rate_errors = fixed_rate(load, 100, args.rate_seconds, sent_at)
        drained = wait_drained(dsn, 120)
        time.sleep(0.2)
        watch.stop.set()
        visible = [watch.seen[t] - s for t, s in sent_at.items() if t in watch.seen]
        dupes, lost = duplicates_stored(dsn, load.unique_tokens)

        for proc in [web, *workers]:
            processes.stop(proc)
        sys.path.insert(0, str(ROOT / "bench"))
        base_rps, base_errors = baseline(env, args, args.requests, tmp)
        result = {
            "bench": "ingest",
            "smoke": args.smoke,
            "database": "postgresql",
            "web": {"workers": args.web_workers, "threads": args.threads},
            "db_workers": args.db_workers,
            "cpus": os.cpu_count(),
            "concurrency": args.concurrency,
            "requests": len(latencies),
            "requests_per_s": round(throughput, 1),
            "ack_p50_ms": percentile(latencies, 50),
            "ack_p99_ms": percentile(latencies, 99),
            "fixed_rate_per_s": 100,
            "fixed_rate_requests": len(rate_latencies),
            "fixed_rate_ack_p99_ms": percentile(rate_latencies, 99),
            "visible_p95_ms": percentile(visible, 95),
            "visible_missing": len(sent_at) - len(visible),
            "duplicates_sent": load.duplicates,
            "duplicates_stored": dupes,
            "messages_lost": lost,
            "errors": len(errors) + len(rate_errors),
            "drained": drained_after_burst and drained,
            "baseline_requests_per_s": round(base_rps, 1),
            "baseline_errors": len(base_errors),
            "ratio": round(throughput / base_rps, 2) if base_rps else None,
        }
        result["goals_met"] = {
            "ratio": (result["ratio"] or 0) >= 0.7,
            "requests_per_s": throughput >= 300,
            "fixed_rate_ack_p99": (result["fixed_rate_ack_p99_ms"] or 1e9) <= 100,
            "visible_p95": (result["visible_p95_ms"] or 1e9) <= 2000,
            "duplicates": dupes == 0 and lost == 0,
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
