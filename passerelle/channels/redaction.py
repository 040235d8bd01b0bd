"""Keep platform secrets out of log output, whoever wrote the log line.

Passerelle's own calls redact a channel's known secrets (channels.http.redact) before
logging; this filter is the net under everything else (a library logging a URL, an
exception message quoting a request) and blanks strings shaped like the secrets that
travel in URLs and headers. Loaded by settings.LOGGING, so it must not import models.
"""

import logging
import re

REDACTED = "[redacted]"
_PATTERNS = [
    # Telegram bot tokens: "<bot id>:<35 url-safe characters>", in /bot<token>/ URLs, the
    # colon percent-encoded in file download URLs (either case of hex).
    (re.compile(r"(?<!\d)\d{6,12}(?::|%3[aA])[A-Za-z0-9_-]{30,}"), REDACTED),
    # access_token=…, auth_token=…, secret=… in query strings and form bodies.
    (
        re.compile(r"(?i)\b((?:access_|auth_|api_)?(?:token|secret|key))=([^&\s\"']+)"),
        r"\1=" + REDACTED,
    ),
    # Authorization headers.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + REDACTED),
]


def redact_text(text: str) -> str:
    """Text with every token-shaped secret replaced."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactTokens(logging.Filter):
    """A handler filter: formats the record's message once, redacted, and keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; log it as is
            return True
        redacted = redact_text(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
