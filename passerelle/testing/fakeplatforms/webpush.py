"""A fake Web Push service (the browser maker's side of RFC 8030), on loopback.

A test makes a browser's subscription keys itself (a P-256 key pair and a 16-byte auth
secret), registers them here and gets the endpoint URL a browser would have been given:

    push = FakePushService().start()
    private_key = ec.generate_private_key(ec.SECP256R1()); auth = os.urandom(16)
    subscription = push.subscription(private_key, auth)   # {"endpoint", "keys": {…}}

Each POST to an endpoint is checked as a real push service would: the VAPID header
(RFC 8292: `vapid t=<JWT>, k=<public key>`), the JWT's ES256 signature with that key, its
`aud` (this service's origin) and `exp` (in the future, at most 24 hours away); then the
body is decrypted with the subscription's keys (RFC 8291, aes128gcm) and the plaintext
kept in `messages`. Answers 201 as the push services do; 401/403 for a bad VAPID header,
400 for a body that does not decrypt, 404 for an unknown endpoint. `script()` plays
410 Gone, 429 or 5xx like the other fakes.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from .base import FakeServer, RecordedRequest, Reply


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushMessage:
    endpoint: str
    plaintext: bytes
    claims: dict
    ttl: str

    @property
    def json(self):
        return json.loads(self.plaintext)


@dataclass
class _Subscription:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes


class VapidRefused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


def verify_vapid(header: str, audience: str, now: float | None = None) -> tuple[dict, bytes]:
    """The claims of a `vapid t=…, k=…` Authorization header and the public key it names,
    once the JWT's signature, aud and exp are checked; raises VapidRefused."""
    now = time.time() if now is None else now
    scheme, _sep, params = header.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidRefused(401, "Authorization is not a vapid header")
    fields = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part.strip())
    token, key = fields.get("t", ""), fields.get("k", "")
    try:
        head_b64, claims_b64, signature_b64 = token.split(".")
        head = json.loads(_unb64(head_b64))
        claims = json.loads(_unb64(claims_b64))
        point = _unb64(key)
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        signature = _unb64(signature_b64)
    except ValueError as exc:
        raise VapidRefused(401, f"unreadable vapid token: {exc}") from None
    if head.get("alg") != "ES256" or len(signature) != 64:
        raise VapidRefused(401, "vapid token is not ES256")
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    try:
        public_key.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise VapidRefused(403, "vapid signature does not verify with k") from None
    if claims.get("aud") != audience:
        raise VapidRefused(403, f"vapid aud {claims.get('aud')!r} is not {audience!r}")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or not now < exp <= now + 24 * 3600:
        raise VapidRefused(403, "vapid exp is past or more than 24 hours away")
    if not str(claims.get("sub", "")).startswith(("mailto:", "https://")):
        raise VapidRefused(403, "vapid sub must be a mailto: or https: contact")
    return claims, point


class FakePushService(FakeServer):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._subscriptions: dict[str, _Subscription] = {}
        self._messages: list[PushMessage] = []
        self._messages_lock = threading.Lock()
        # The VAPID public key a test expects (the channel's); None accepts any valid one.
        self.expected_key: bytes | None = None

    def subscription(self, private_key: ec.EllipticCurvePrivateKey, auth: bytes) -> dict:
        """Register a browser's keys; the PushSubscription JSON a browser would hold."""
        name = secrets.token_urlsafe(16)
        self._subscriptions[name] = _Subscription(private_key, auth)
        point = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.url}/push/{name}",
            "expirationTime": None,
            "keys": {"p256dh": _b64(point), "auth": _b64(auth)},
        }

    @property
    def messages(self) -> list[PushMessage]:
        with self._messages_lock:
            return list(self._messages)

    def _reset_state(self) -> None:
        with self._messages_lock:
            self._messages.clear()

    def route(self, request: RecordedRequest) -> Reply:
        name = request.path.removeprefix("/push/")
        if request.method != "POST" or not request.path.startswith("/push/"):
            return Reply(404, {"error": "no such endpoint"})
        found = self._subscriptions.get(name)
        if found is None:
            return Reply(404, {"error": "no such subscription"})
        try:
            claims, key = verify_vapid(request.headers.get("authorization", ""), self.url)
        except VapidRefused as exc:
            return Reply(exc.status, {"error": str(exc)})
        if self.expected_key is not None and key != self.expected_key:
            return Reply(403, {"error": "vapid key is not the one the subscription was made with"})
        if request.headers.get("content-encoding") != "aes128gcm":
            return Reply(415, {"error": "Content-Encoding must be aes128gcm"})
        if "ttl" not in request.headers:
            return Reply(400, {"error": "TTL header is required"})
        try:
            plaintext = http_ece.decrypt(
                request.body,
                private_key=found.private_key,
                auth_secret=found.auth,
                version="aes128gcm",
            )
        except Exception as exc:  # any failure to decrypt is the sender's
            return Reply(400, {"error": f"body does not decrypt: {type(exc).__name__}"})
        with self._messages_lock:
            self._messages.append(
                PushMessage(
                    endpoint=f"{self.url}{request.path}",
                    plaintext=plaintext,
                    claims=claims,
                    ttl=request.headers["ttl"],
                )
            )
        return Reply(201, b"", {"Location": f"{self.url}/message/{secrets.token_urlsafe(8)}"})
