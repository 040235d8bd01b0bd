"""CPU and statements per webhook, in one process: steadier than requests/s on a busy machine.

Calls `passerelle.wsgi.application` (what gunicorn calls) directly with signed WhatsApp
deliveries, on a PostgreSQL database of its own, and the minimal endpoint of
bench/ingest_baseline.py the same way; prints ONE JSON line: CPU milliseconds of this
process per webhook (the database server's CPU is not counted, for either), the
statements one new delivery and one duplicate cost, and their ratio to the baseline.
Nothing is processed (no worker runs): this is the acknowledgement's cost alone.

    python bench/ingest_cpu.py [--requests 3000] [--database-url postgres://…]
"""

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_load import APP_SECRET, Load  # noqa: E402

from passerelle.testing import processes  # noqa: E402


def _environ(url, body, headers):
    path = url.split("127.0.0.1", 1)[1]
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    for name, value in headers.items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ


def _call(app, request):
    status = []
    chunks = app(_environ(*request), lambda s, h, exc_info=None: status.append(s))
    text = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return status[0], text


def _cpu_per_request(app, requests):
    for request in requests[:200]:  # warm-up: imports, caches, connections
        _call(app, request)
    started = time.process_time()
    for request in requests[200:]:
        status, text = _call(app, request)
        assert status.startswith("200"), (status, text)
    return (time.process_time() - started) / (len(requests) - 200) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-cpu-")))
        env = stack.enter_context(processes.isolated_database(tmp, args.database_url))
        processes.manage(env, "migrate", "--noinput")
        os.environ.update(env, PASSERELLE_LOG_LEVEL="ERROR")
        import django

        django.setup()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from passerelle.channels.services import channel_create
        from passerelle.testing.factories import make_service
        from passerelle.wsgi import application

        service = make_service(slug="bench")
        channel = channel_create(
            service=service,
            type_slug="whatsapp",
            name="wa",
            secrets={"access_token": "t", "app_secret": APP_SECRET, "verify_token": "v"},
            config={"phone_number_id": "109876543210987"},
        )
        load = Load("http://127.0.0.1", str(channel.uuid), str(channel.uuid))
        requests = [load.wa([load._wa_message(n)]) for n in range(args.requests + 200)]
        passerelle_ms = _cpu_per_request(application, requests)
        with CaptureQueriesContext(connection) as new:
            _call(application, load.wa([load._wa_message(10**7)]))
        with CaptureQueriesContext(connection) as duplicate:
            _call(application, load.wa([load._wa_message(10**7)]))
        connection.close()

        os.environ.update(BASELINE_DSN=env["DATABASE_URL"], BASELINE_SECRET=APP_SECRET)
        import ingest_baseline
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(ingest_baseline.SCHEMA)
        baseline_ms = _cpu_per_request(ingest_baseline.application, requests)
        ingest_baseline._local.conn.close()
    result = {
        "bench": "ingest_cpu",
        "requests": args.requests,
        "cpu_ms_per_webhook": round(passerelle_ms, 3),
        "baseline_cpu_ms_per_webhook": round(baseline_ms, 3),
        "cpu_ratio": round(passerelle_ms / baseline_ms, 2),
        "statements_new": len(new),
        "statements_duplicate": len(duplicate),
        "sql_new": [q["sql"][:120] for q in new],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
