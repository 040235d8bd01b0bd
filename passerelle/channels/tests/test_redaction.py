"""A channel's secrets are blanked in the channel log in every encoding they travel in."""

import base64
import logging
import re
from urllib.parse import quote, quote_plus

from passerelle.channels.http import redact
from passerelle.channels.redaction import RedactTokens
from passerelle.channels.services import channel_create

TOKEN = "7100000001:AAFakeToken/With+Odd Chars=0000000000"
SID = "AC" + "1" * 32


def test_every_encoding_of_every_secret_is_redacted(service):
    channel = channel_create(
        service=service,
        type_slug="sms_twilio",
        name="SMS",
        secrets={"auth_token": TOKEN},
        config={"account_sid": SID},
    )
    percent = quote(TOKEN, safe="")
    forms = [
        TOKEN,
        percent,
        re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), percent),
        quote(TOKEN),
        quote_plus(TOKEN),
        base64.b64encode(f"{SID}:{TOKEN}".encode()).decode(),  # Basic auth
    ]
    assert len(set(forms)) == len(forms)
    for form in forms:
        text = f"GET https://api.example/x?a={form}&b=1 Authorization: {form}"
        assert form not in redact(text, channel), form
        assert "[redacted]" in redact(text, channel)


def test_the_log_filter_blanks_a_percent_encoded_bot_token():
    record = logging.LogRecord(
        "telegram", logging.WARNING, __file__, 1, "GET %s failed", None, None
    )
    for colon in ("%3A", "%3a", ":"):
        record.msg = "GET %s failed"
        record.args = (f"https://api.telegram.org/file/bot7100000001{colon}AAE{'x' * 32}/doc",)
        assert RedactTokens().filter(record)
        assert "x" * 32 not in record.getMessage()
