"""Shared machinery of the fake platform servers: HTTP plumbing, request log,
scripted answers and rate-limit accounting.

Pure stdlib so the fakes start in a few milliseconds and need nothing beyond
the test runner; each fake runs a ``ThreadingHTTPServer`` on 127.0.0.1:0 in a
daemon thread, so real client libraries (python-telegram-bot, twilio, httpx)
talk to it over real sockets exactly as they would to the platform.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MODES = ("off", "count", "strict")


@dataclass
class Upload:
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, Any]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() when the request was received
    status: int = 0  # status the fake answered with

    @property
    def params(self) -> dict[str, Any]:
        """Query, form and JSON body merged: what an API call was asked to do,
        whichever encoding the client chose."""
        merged = dict(self.query)
        merged.update(self.form)
        if isinstance(self.json, dict):
            merged.update(self.json)
        return merged


class RequestLog:
    """Thread-safe list of RecordedRequest (handlers append from server threads
    while the test reads from its own)."""

    def __init__(self) -> None:
        self._items: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def append(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def matching(self, path_part: str, method: str | None = None) -> list[RecordedRequest]:
        return [
            r
            for r in self.snapshot()
            if path_part in r.path and (method is None or r.method == method)
        ]

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, index):
        with self._lock:
            return self._items[index]


@dataclass
class Reply:
    status: int
    body: Any  # dict/list -> JSON, bytes -> raw, str -> text
    headers: dict[str, str] = field(default_factory=dict)


Matcher = Callable[[RecordedRequest], bool]


@dataclass
class _Scripted:
    reply: Reply
    remaining: int
    match: Matcher


class SlidingWindow:
    """At most ``limit`` events per ``period`` seconds for each key.

    Events are counted in the order the server handles them, each at the later of its own
    arrival time and the last one counted: two requests that arrive together are timed
    before their threads take the fake's lock, and the second timed may take it first.
    Counted at its own earlier time, the other one then saw a window of more than a period
    (its trimmed start and the other's later time): a request over the limit that no
    platform would have counted."""

    def __init__(self, limit: float, period: float) -> None:
        self.limit = limit
        self.period = period
        self._events: dict[Any, deque[float]] = defaultdict(deque)

    def _now(self, key: Any, now: float) -> float:
        events = self._events[key]
        return max(now, events[-1]) if events else now

    def _trim(self, key: Any, now: float) -> deque[float]:
        events = self._events[key]
        while events and events[0] <= now - self.period:
            events.popleft()
        return events

    def would_exceed(self, key: Any, now: float, weight: int = 1) -> bool:
        return len(self._trim(key, self._now(key, now))) + weight > self.limit

    def add(self, key: Any, now: float, weight: int = 1) -> None:
        self._events[key].extend([self._now(key, now)] * weight)

    def retry_after(self, key: Any, now: float) -> float:
        now = self._now(key, now)
        events = self._trim(key, now)
        return (events[0] + self.period - now) if events else 0.0

    def clear(self) -> None:
        self._events.clear()


def parse_body(content_type: str, body: bytes) -> tuple[Any, dict, dict]:
    """(json, form, files) of a request body, for JSON, urlencoded and multipart."""
    ctype = content_type.split(";")[0].strip().lower()
    if not body:
        return None, {}, {}
    if ctype == "application/json" or ctype.endswith("+json"):
        return json.loads(body.decode("utf-8")), {}, {}
    if ctype == "application/x-www-form-urlencoded":
        return None, flatten(parse_qs(body.decode("utf-8"), keep_blank_values=True)), {}
    if ctype == "multipart/form-data":
        # cgi is gone in 3.13; the email parser reads multipart bodies fine.
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        form: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is not None or part.get_content_type() not in ("text/plain",):
                files[name] = Upload(filename, part.get_content_type(), payload)
            else:
                form[name] = payload.decode(part.get_content_charset() or "utf-8")
        return None, form, files
    return None, {}, {}


def flatten(parsed: dict[str, list[str]]) -> dict[str, Any]:
    """parse_qs gives lists; keep a list only for repeated keys (Twilio MediaUrl)."""
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keep-alive: clients pool connections, as against the real APIs.
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without TCP_NODELAY, Nagle plus
        # the client's delayed ACK stalls every keep-alive response by ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass  # keep pytest output clean

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self) -> None:
        fake = self.server.fake
        body = self._read_body()
        split = urlsplit(self.path)
        ctype = self.headers.get("Content-Type", "")
        try:
            payload, form, files = parse_body(ctype, body)
        except (ValueError, UnicodeDecodeError):
            payload, form, files = None, {}, {}
        request = RecordedRequest(
            method=self.command,
            path=split.path,
            query=flatten(parse_qs(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            json=payload,
            form=form,
            files=files,
            at=time.monotonic(),
        )
        reply = fake._answer(request)
        request.status = reply.status
        fake.requests.append(request)
        if fake.latency:
            time.sleep(fake.latency)
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        headers = dict(reply.headers)
        if isinstance(reply.body, bytes):
            data = reply.body
            headers.setdefault("Content-Type", "application/octet-stream")
        elif isinstance(reply.body, str):
            data = reply.body.encode()
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        else:
            data = json.dumps(reply.body).encode()
            headers.setdefault("Content-Type", "application/json")
        self.send_response(reply.status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeServer


class FakeServer:
    """Base class: subclasses implement ``route`` and ``presets``.

    ``rate_limits``: "off" ignores limits, "count" serves every call but counts
    the ones over a limit in ``violations()``, "strict" also answers them with
    the platform's throttling error.
    """

    #: name -> callable(**kwargs) -> Reply, for ``script("name")``
    presets: dict[str, Callable[..., Reply]] = {}

    def __init__(self, *, rate_limits: str = "off", latency: float = 0.0) -> None:
        if rate_limits not in MODES:
            raise ValueError(f"rate_limits must be one of {MODES}")
        self.rate_limits = rate_limits
        self.latency = latency
        self.requests = RequestLog()
        self._lock = threading.RLock()
        self._script: list[_Scripted] = []
        self._violations: dict[str, int] = defaultdict(int)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> FakeServer:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{type(self).__name__}-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("fake server not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- scripting -----------------------------------------------------------
    def script(
        self,
        reply: str | Reply,
        *,
        times: int = 1,
        match: str | Matcher | None = None,
        **kwargs: Any,
    ) -> None:
        """Answer the next ``times`` requests matching ``match`` (a path substring
        or a predicate on RecordedRequest; None = any) with ``reply``: a Reply or
        the name of one of ``presets`` (kwargs customise it)."""
        if isinstance(reply, str):
            if reply not in self.presets:
                raise KeyError(f"unknown preset {reply!r}; known: {sorted(self.presets)}")
            reply = self.presets[reply](**kwargs)
        if match is None:
            matcher: Matcher = lambda r: True  # noqa: E731
        elif isinstance(match, str):
            matcher = lambda r, part=match: part in r.path  # noqa: E731
        else:
            matcher = match
        with self._lock:
            self._script.append(_Scripted(reply, times, matcher))

    def _scripted(self, request: RecordedRequest) -> Reply | None:
        with self._lock:
            for entry in self._script:
                if entry.match(request):
                    entry.remaining -= 1
                    if entry.remaining <= 0:
                        self._script.remove(entry)
                    return entry.reply
        return None

    # -- rate limits ---------------------------------------------------------
    def violations(self) -> dict[str, int]:
        with self._lock:
            return dict(self._violations)

    def _violate(self, kind: str) -> None:
        self._violations[kind] += 1

    def reset(self) -> None:
        """Forget requests, scripted answers, violations and limit windows."""
        with self._lock:
            self.requests.clear()
            self._script.clear()
            self._violations.clear()
            self._reset_state()

    def _reset_state(self) -> None:
        """Subclasses clear their windows and counters here."""

    # -- dispatch ------------------------------------------------------------
    def _answer(self, request: RecordedRequest) -> Reply:
        self.normalize(request)
        scripted = self._scripted(request)
        if scripted is not None:
            return scripted
        try:
            return self.route(request)
        except Exception as exc:  # a bug in the fake must show up in the test
            return Reply(500, {"fake_error": f"{type(exc).__name__}: {exc}"})

    def normalize(self, request: RecordedRequest) -> None:
        """Subclasses decode platform-specific encodings in place, before
        scripted matchers and ``route`` see the request."""

    def route(self, request: RecordedRequest) -> Reply:
        """Subclasses answer the platform's endpoints; anything else is unknown here."""
        return Reply(404, {"error": f"no such endpoint on this fake: {request.path}"})
