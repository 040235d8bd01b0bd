"""The smallest honest webhook endpoint, to compare Passerelle's ingest with.

A bare WSGI app: check the X-Hub-Signature-256 HMAC, read the message ids from the JSON,
one INSERT … ON CONFLICT DO NOTHING. Run by bench/ingest.py under the same gunicorn
settings and on the same PostgreSQL database as Passerelle. Configured by environment:
BASELINE_DSN (database), BASELINE_SECRET (app secret).
"""

import hashlib
import hmac
import json
import os
import threading

import psycopg

SECRET = os.environ.get("BASELINE_SECRET", "").encode()
DSN = os.environ.get("BASELINE_DSN", "")
_local = threading.local()


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(DSN, autocommit=True)
    return conn


def _answer(start_response, status, text):
    data = text.encode()
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        return _answer(start_response, "405 Method Not Allowed", "POST only")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, environ.get("HTTP_X_HUB_SIGNATURE_256", "")):
        return _answer(start_response, "403 Forbidden", "bad signature")
    try:
        data = json.loads(body)
        values = data["entry"][0]["changes"][0]["value"]
        ids = sorted(m["id"] for m in values.get("messages", []))
    except (ValueError, KeyError, IndexError, TypeError):
        return _answer(start_response, "400 Bad Request", "bad body")
    event_id = "|".join(ids) or hashlib.sha256(body).hexdigest()
    cursor = _connection().execute(
        "INSERT INTO baseline_event (event_id, body) VALUES (%s, %s) "
        "ON CONFLICT (event_id) DO NOTHING",
        (event_id, body.decode()),
    )
    return _answer(start_response, "200 OK", "ok" if cursor.rowcount else "duplicate")


SCHEMA = """CREATE TABLE IF NOT EXISTS baseline_event (
    id bigserial PRIMARY KEY, event_id varchar(200) NOT NULL UNIQUE, body text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now())"""
