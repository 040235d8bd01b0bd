"""Run real Passerelle processes (web, worker, scheduler) on a database of their own.

Used by end-to-end tests and benchmarks: each gets a fresh SQLite file or a fresh
PostgreSQL database, migrated, and processes started with `python -m passerelle`.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def isolated_database(tmp_path: Path, base_url: str | None = None):
    """Yield an env dict pointing at a new empty database (dropped afterwards)."""
    env = {
        **os.environ,
        "PASSERELLE_DATA_DIR": str(tmp_path),
        "PASSERELLE_SECRET_KEY": "e2e-secret",
        "DJANGO_SETTINGS_MODULE": "passerelle.settings",
    }
    env.pop("PASSERELLE_TASKS_BACKEND", None)
    if not base_url or base_url.startswith("sqlite"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
        yield env
        return
    import psycopg

    name = f"passerelle_e2e_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(base_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield env
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, check=True, timeout=120) -> subprocess.CompletedProcess:
    """Run one `passerelle` command to completion."""
    return subprocess.run(
        [sys.executable, "-m", "passerelle", *args],
        env=env,
        check=check,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(env, *args, log: Path | None = None) -> subprocess.Popen:
    """Start a long-running `passerelle` command in its own process group."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "passerelle", *args],
        env=env,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout=15) -> None:
    """Stop a started process group (SIGKILL for a crash)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_http(url: str, timeout=30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout}s")
