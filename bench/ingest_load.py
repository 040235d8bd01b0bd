"""Load generation for bench/ingest.py: signed deliveries, a closed loop, a fixed rate,
the inbox visibility watch and CPU accounting (Linux /proc)."""

import contextlib
import hashlib
import hmac
import itertools
import json
import os
import random
import sys
import threading
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
APP_SECRET = "bench-app-secret"
TG_SECRET = "bench-telegram-secret"
TYPES = ROOT / "passerelle" / "channels" / "types"
WA_TEMPLATE = json.loads((TYPES / "whatsapp/fixtures/text.json").read_text())
TG_TEMPLATE = json.loads((TYPES / "telegram/fixtures/private_text.json").read_text())


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


def cpu_seconds(pids) -> float:
    """CPU time (user + system) used so far by these processes and their children."""
    total, ticks = 0.0, os.sysconf("SC_CLK_TCK")
    # Each process once: PostgreSQL's backends are both listed and the postmaster's
    # children (counted twice, the figure was about double).
    family = set(pids)
    for pid in pids:
        with contextlib.suppress(OSError):
            family |= {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    for member in family:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def postgres_pids():
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "comm").read_text().startswith("postgres"):
                pids.append(int(entry.name))
    return pids


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
                # Ids are taken at INSERT but seen at COMMIT, out of order: look back a
                # little below the highest id seen so a slow transaction is not skipped.
                rows = conn.execute(
                    "SELECT id, text FROM conversations_message WHERE id > %s "
                    "AND direction = 'in' ORDER BY id",
                    (last - 2000,),
                ).fetchall()
                now = time.time()
                for pk, text in rows:
                    last = max(last, pk)
                    self.seen.setdefault(text.split(" ", 1)[0], now)
                time.sleep(0.02)


def unprocessed(dsn) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM channels_rawevent WHERE processed_at IS NULL"
        ).fetchone()[0]


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
        print("not stored:", missing[:20], file=sys.stderr)
    return sum(c - 1 for c in counts.values()), len(missing)
