"""Encryption at rest for channel secrets (bot tokens, app secrets), and comparing them.

The key comes from PASSERELLE_ENCRYPTION_KEY when set (so it can be rotated apart from
SECRET_KEY), else is derived from SECRET_KEY.
"""

import base64
import hashlib
import hmac
import json
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def same_secret(expected: str | bytes, given: str | bytes) -> bool:
    """Constant-time equality of a secret and what a request sent, whatever its characters.

    hmac.compare_digest raises TypeError on a str holding non-ASCII characters, which a
    caller puts in a header at will: on a public webhook that was a 500, not a 403.
    """
    return hmac.compare_digest(_as_bytes(expected), _as_bytes(given))


def _as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(("passerelle-secrets:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _current() -> Fernet:
    return _fernet(os.environ.get("PASSERELLE_ENCRYPTION_KEY") or settings.SECRET_KEY)


def encrypt(plain: str) -> str:
    """Encrypt a secret for storage."""
    return _current().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a stored secret; a wrong key is an operator error worth a clear message."""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "cannot decrypt a stored secret: PASSERELLE_ENCRYPTION_KEY/SECRET_KEY changed?"
        ) from exc


class EncryptedJSONField(models.TextField):
    """A dict of secrets stored as one Fernet token; Python side sees a plain dict."""

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return {}
        return json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        return self.from_db_value(value, None, None)

    def get_prep_value(self, value):
        return encrypt(json.dumps(value or {}, sort_keys=True))
