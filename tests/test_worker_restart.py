"""Kill the worker mid-stream, restart it: every acknowledged event is processed once.

Runs real processes (gunicorn web server, workers) on a database of their own, so nothing
here is simulated. No scheduler: the killed worker's batch is claimed again by the next
worker as soon as its locks are gone, with no requeue job.
"""

import json
import os
import signal
import sqlite3
import time

import httpx
import pytest

from passerelle.testing import processes

EVENTS = 150


def _count(env, sql):
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as conn:
            return conn.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.timeout_sensitive
def test_killed_worker_loses_nothing_and_repeats_nothing(tmp_path):
    with processes.isolated_database(tmp_path, os.environ.get("DATABASE_URL")) as env:
        processes.manage(env, "migrate", "--verbosity", "0")
        processes.manage(
            env, "service", "create", "--slug", "e2e", "--name", "E2E", "--language", "ar"
        )
        processes.manage(env, "channel", "add", "simulator", "--service", "e2e")
        secret, uuid = json.loads(
            processes.manage(
                env,
                "shell",
                "-c",
                (
                    "import json; from passerelle.channels.models import Channel; "
                    "c = Channel.objects.get(); "
                    "print(json.dumps([c.secrets['signing_secret'], str(c.uuid)]))"
                ),
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = processes.free_port()
        web = processes.start(
            env, "web", "--bind", f"127.0.0.1:{port}", "--workers", "2", log=tmp_path / "web.log"
        )
        worker = None
        try:
            processes.wait_http(f"http://127.0.0.1:{port}/login/")
            from passerelle.channels.types.native import sign
            from passerelle.testing.factories import sim_body

            with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
                for i in range(EVENTS):
                    body = sim_body(sender=f"p{i % 20}", event_id=f"sim-e2e-{i}", text=f"q{i}")
                    r = http.post(
                        f"/webhooks/{uuid}/",
                        content=body,
                        headers={
                            "X-Passerelle-Signature": sign(secret, body),
                            "Content-Type": "application/json",
                        },
                    )
                    assert r.status_code == 200
            acknowledged = _count(env, "select count(*) from channels_rawevent")
            assert acknowledged == EVENTS

            worker = processes.start(env, "worker", "--interval", "0.05", log=tmp_path / "w1.log")
            deadline = time.monotonic() + 60
            while _count(env, "select count(*) from conversations_message") < EVENTS // 4:
                assert time.monotonic() < deadline, "worker made no progress"
                time.sleep(0.05)
            processes.stop(worker, signal.SIGKILL)  # a crash, not a clean shutdown
            done_at_crash = _count(env, "select count(*) from conversations_message")
            assert done_at_crash < EVENTS

            worker = processes.start(env, "worker", "--interval", "0.05", log=tmp_path / "w2.log")
            deadline = time.monotonic() + 90
            while (
                _count(env, "select count(*) from channels_rawevent where processed_at is null") > 0
            ):
                assert time.monotonic() < deadline, "events left unprocessed after restart"
                time.sleep(0.2)
            processes.stop(worker)  # SIGTERM: both of its loops stop, cleanly
            assert worker.returncode == 0, (tmp_path / "w2.log").read_text()[-2000:]
        finally:
            for proc in (worker, web):
                if proc is not None:
                    processes.stop(proc)
        assert _count(env, "select count(*) from conversations_message") == EVENTS
        assert (
            _count(env, "select count(distinct platform_message_id) from conversations_message")
            == EVENTS
        )
        assert _count(env, "select count(*) from communities_membership") == 20
