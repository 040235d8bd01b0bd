"""FakeTelegram: the Bot API methods Passerelle uses, at ``/bot<token>/<method>``.

Point python-telegram-bot at it with::

    telegram.Bot(token="123:ABC", base_url=f"{fake.url}/bot",
                 base_file_url=f"{fake.url}/file/bot")

python-telegram-bot 22 sends ``application/x-www-form-urlencoded`` (multipart
when a file is uploaded) where every non-string value is JSON-encoded
(``chat_id=42``, ``reply_markup={"inline_keyboard": …}``); other clients send
JSON bodies. All three are accepted and decoded into ``RecordedRequest.params``
with the same types.

Answers have the real shapes: ``{"ok": true, "result": …}`` with a Message
whose ``message_id`` increments per chat, ``from`` = the bot whose id is the
numeric prefix of the token, and errors as ``{"ok": false, "error_code",
"description", "parameters"}`` which PTB maps to RetryAfter / Forbidden /
BadRequest / ChatMigrated.

Limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
30 messages/s per bot, 1 message/s per chat, 20 messages/min per group.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import time
from typing import Any

from .base import FakeServer, RecordedRequest, Reply, SlidingWindow, Upload

SEND_METHODS = {
    "sendmessage",
    "sendphoto",
    "sendvoice",
    "senddocument",
    "sendaudio",
    "sendvideo",
    "sendanimation",
    "sendsticker",
    "sendlocation",
    "copymessage",
    "forwardmessage",
}
TRUE_METHODS = {
    "deletewebhook",
    "deletemessage",
    "approvechatjoinrequest",
    "declinechatjoinrequest",
    "banchatmember",
    "unbanchatmember",
    "restrictchatmember",
}
# Values PTB sends raw that json.loads would wrongly turn into numbers/bools.
TEXT_FIELDS = {"text", "caption", "parse_mode", "url", "secret_token", "ip_address", "title"}
MEDIA_FIELDS = {
    "sendphoto": "photo",
    "sendvoice": "voice",
    "senddocument": "document",
    "sendaudio": "audio",
}
PATH_RE = re.compile(r"^/bot(?P<token>[^/]+)/(?P<method>\w+)$")
FILE_RE = re.compile(r"^/file/bot(?P<token>[^/]+)/(?P<path>.+)$")


def _error(status: int, description: str, **parameters: Any) -> Reply:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Reply(status, body)


def _ok(result: Any) -> Reply:
    return Reply(200, {"ok": True, "result": result})


class FakeTelegram(FakeServer):
    presets = {
        "rate_limit": lambda retry_after=3: _error(
            429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
        ),
        "server_error": lambda: _error(500, "Internal Server Error"),
        "bad_gateway": lambda: _error(502, "Bad Gateway"),
        "blocked": lambda: _error(403, "Forbidden: bot was blocked by the user"),
        "kicked": lambda: _error(403, "Forbidden: bot was kicked from the supergroup chat"),
        "chat_not_found": lambda: _error(400, "Bad Request: chat not found"),
        "migrated": lambda migrate_to_chat_id=-1009999999999: _error(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to_chat_id=migrate_to_chat_id,
        ),
    }

    def __init__(
        self,
        token: str | None = None,
        *,
        per_second: float = 30,
        per_chat_per_second: float = 1,
        per_group_per_minute: float = 20,
        rate_limits: str = "off",
        latency: float = 0.0,
    ) -> None:
        """``token``: if given, any other token gets 401 Unauthorized."""
        super().__init__(rate_limits=rate_limits, latency=latency)
        self.token = token
        self._limits = {
            "global": SlidingWindow(per_second, 1.0),
            "per_chat": SlidingWindow(per_chat_per_second, 1.0),
            "per_group": SlidingWindow(per_group_per_minute, 60.0),
        }
        self.chats: dict[Any, dict] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)
        self.blocked: set[Any] = set()
        self.webhook: dict[str, Any] = {}
        self._reset_state()

    def _reset_state(self) -> None:
        for window in self._limits.values():
            window.clear()
        self._message_ids: dict[Any, itertools.count] = {}
        self._file_seq = itertools.count(1)
        self.webhook = {}
        self.blocked.clear()

    # -- helpers for tests ---------------------------------------------------
    def add_chat(self, chat: dict) -> None:
        """Make getChat / sent messages use this Chat object for ``chat["id"]``."""
        self.chats[chat["id"]] = chat

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> None:
        """Serve ``data`` for getFile(file_id) and its download URL."""
        self.files[file_id] = (file_path or f"documents/{file_id}", data)

    def block(self, chat_id: Any) -> None:
        """Sends to ``chat_id`` answer 403 "bot was blocked by the user" from now on."""
        self.blocked.add(chat_id)

    def uploaded(self, method: str) -> list[Upload]:
        """The files uploaded (multipart) with the calls of one method, in order."""
        field = MEDIA_FIELDS[method.lower()]
        return [r.files[field] for r in self.calls(method) if field in r.files]

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded calls of one Bot API method (case-insensitive)."""
        method = method.lower()
        return [r for r in self.requests if r.path.lower().endswith("/" + method)]

    # -- routing ---------------------------------------------------------------
    def route(self, request: RecordedRequest) -> Reply:
        if match := FILE_RE.match(request.path):
            for file_path, data in self.files.values():
                if file_path == match["path"]:
                    return Reply(200, data)
            return Reply(404, b"Not Found")
        match = PATH_RE.match(request.path)
        if not match:
            return _error(404, "Not Found")
        token, method = match["token"], match["method"].lower()
        if self.token is not None and token != self.token:
            return _error(401, "Unauthorized")
        params = request.params
        if method in SEND_METHODS:
            return self._send(token, method, params, request)
        if method in TRUE_METHODS:
            if method == "deletewebhook":
                self.webhook = {}
            return _ok(True)
        handler = getattr(self, f"_m_{method}", None)
        return handler(token, params) if handler else _error(404, "Not Found")

    def normalize(self, request: RecordedRequest) -> None:
        """Give form-encoded params the types PTB JSON-encoded them from."""
        for source in (request.query, request.form):
            for key, value in source.items():
                if isinstance(value, str) and key not in TEXT_FIELDS:
                    try:
                        source[key] = json.loads(value)
                    except ValueError:
                        pass  # file ids, @channel usernames...

    def _bot(self, token: str) -> dict:
        prefix = token.split(":")[0]
        return {
            "id": int(prefix) if prefix.isdigit() else 7100000001,
            "is_bot": True,
            "first_name": "Passerelle (fake)",
            "username": "passerelle_fake_bot",
        }

    def _chat(self, chat_id: Any) -> dict:
        if chat_id in self.chats:
            return self.chats[chat_id]
        if isinstance(chat_id, str):  # "@channelusername"
            return {
                "id": -1000000000001,
                "title": chat_id,
                "username": chat_id[1:],
                "type": "channel",
            }
        if chat_id > 0:
            return {"id": chat_id, "first_name": f"User {chat_id}", "type": "private"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "title": f"Group {chat_id}", "type": kind}

    def _check_limits(self, token: str, chat: dict, at: float) -> Reply | None:
        if self.rate_limits == "off":
            return None
        checks = [("global", token), ("per_chat", (token, chat["id"]))]
        if chat["type"] in ("group", "supergroup"):
            checks.append(("per_group", (token, chat["id"])))
        with self._lock:
            over = [(k, key) for k, key in checks if self._limits[k].would_exceed(key, at)]
            for kind, _key in over:
                self._violate(kind)
            if over and self.rate_limits == "strict":
                wait = max(self._limits[k].retry_after(key, at) for k, key in over)
                return self.presets["rate_limit"](retry_after=max(1, math.ceil(wait)))
            for kind, key in checks:
                self._limits[kind].add(key, at)
        return None

    def _send(self, token: str, method: str, params: dict, request: RecordedRequest) -> Reply:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            return _error(400, "Bad Request: chat_id is empty")
        if chat_id in self.blocked:
            return self.presets["blocked"]()
        chat = self._chat(chat_id)
        if method == "sendmessage" and not str(params.get("text") or "").strip():
            return _error(400, "Bad Request: message text is empty")
        if refused := self._check_limits(token, chat, request.at):
            return refused
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1001))
        message: dict[str, Any] = {
            "message_id": next(counter),
            "from": self._bot(token),
            "chat": chat,
            "date": int(time.time()),
        }
        if method == "sendmessage":
            message["text"] = params["text"]
        if params.get("caption"):
            message["caption"] = params["caption"]
        if field := MEDIA_FIELDS.get(method):
            media = self._media(field, params.get(field), request.files)
            if media is None:
                return _error(400, f"Bad Request: there is no {field} in the request")
            message[field] = media
        if isinstance(params.get("reply_parameters"), dict):
            reply_to = params["reply_parameters"].get("message_id")
            message["reply_to_message"] = {"message_id": reply_to, "chat": chat, "date": 0}
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        return _ok(message)

    def _media(self, field: str, value: Any, files: dict[str, Upload]) -> Any:
        upload = files.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
        if upload is not None:
            seq = next(self._file_seq)
            file_id, data = f"fake-{field}-{seq}", upload.data
            self.add_file(file_id, data, f"{field}s/file_{seq}")
        elif isinstance(value, str) and value:
            file_id, data = value, self.files.get(value, ("", b""))[1]
        else:
            return None
        base = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "file_size": len(data)}
        if field == "photo":
            return [dict(base, width=90, height=90), dict(base, width=800, height=800)]
        if field == "voice":
            return dict(base, duration=1, mime_type="audio/ogg")
        if field == "audio":
            return dict(base, duration=1, mime_type=upload.content_type if upload else "audio/mpeg")
        name = upload.filename if upload is not None and upload.filename else "file"
        mime = upload.content_type if upload is not None else "application/octet-stream"
        return dict(base, file_name=name, mime_type=mime)

    # -- other methods -----------------------------------------------------------
    def _m_getme(self, token: str, params: dict) -> Reply:
        return _ok(
            dict(
                self._bot(token),
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
                can_connect_to_business=False,
                has_main_web_app=False,
            )
        )

    def _m_setwebhook(self, token: str, params: dict) -> Reply:
        self.webhook = dict(params)
        return _ok(True)

    def _m_getwebhookinfo(self, token: str, params: dict) -> Reply:
        info = {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            info["allowed_updates"] = self.webhook.get("allowed_updates", ["message"])
        return _ok(info)

    def _m_getfile(self, token: str, params: dict) -> Reply:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            return _error(400, "Bad Request: invalid file_id")
        if file_id not in self.files:
            self.add_file(file_id, b"fake file " + file_id.encode())
        file_path, data = self.files[file_id]
        return _ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(data),
                "file_path": file_path,
            }
        )

    def _m_getchat(self, token: str, params: dict) -> Reply:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            return _error(400, "Bad Request: chat not found")
        return _ok(
            dict(
                self._chat(chat_id),
                accent_color_id=0,
                max_reaction_count=11,
                accepted_gift_types={
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            )
        )
