"""Twilio SMS: every form fixture and the neutral events the parser makes of it, a table in
the style of courier's handler tests (fixture → expected events). Rows marked `keyword:`
are SMS keywords: Twilio's own (its OptOutType or documented words) become the neutral
opt_out / opt_in / help events; the service's words in other languages (ARRÊT, توقف) stay
messages, for routing's one vocabulary to recognise.

Pipeline only: parse() is called directly, nothing of the domain is imported or run.
"""

from datetime import UTC, datetime

from passerelle.channels.types.base import InboundEvent
from passerelle.testing.pipeline import parse_table_tests


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


TABLE = {
    "inbound_arabic": [
        InboundEvent(
            kind="message",
            sender_address="+16135550142",
            thread_kind="private",
            text="مرحبا، هل يمكنني حجز موعد مع مستشارة التوظيف؟",
            media_kind="text",
            platform_message_id="SM9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
            reply_to_platform_id="",
        ),
    ],
    # keyword: Twilio's help
    "inbound_help": [
        InboundEvent(
            kind="help",
            sender_address="+16135550164",
            thread_kind="private",
            text="HELP",
            media_kind="text",
            platform_message_id="SM3c4d5e6f708192a3b4c5d6e7f8091a2b",
            reply_to_platform_id="",
        ),
    ],
    "inbound_sms": [
        InboundEvent(
            kind="message",
            sender_address="+16135550157",
            thread_kind="private",
            text="Bonjour, est-ce que la clinique d'impôts gratuite est ouverte samedi ?",
            media_kind="text",
            platform_message_id="SM7f3e2a1b0c9d8e7f6a5b4c3d2e1f0a9b",
            reply_to_platform_id="",
        ),
    ],
    # keyword: Twilio's opt_in
    "inbound_start": [
        InboundEvent(
            kind="opt_in",
            sender_address="+16135550163",
            thread_kind="private",
            text="START",
            media_kind="text",
            platform_message_id="SM2b3c4d5e6f708192a3b4c5d6e7f8091a",
            reply_to_platform_id="",
        ),
    ],
    # keyword: Twilio's opt_out
    "inbound_stop": [
        InboundEvent(
            kind="opt_out",
            sender_address="+16135550163",
            thread_kind="private",
            text="STOP",
            media_kind="text",
            platform_message_id="SM1a2b3c4d5e6f708192a3b4c5d6e7f809",
            reply_to_platform_id="",
        ),
    ],
    # keyword: the service's word, not Twilio's: a message that routing turns into leaving
    "inbound_stop_arabic": [
        InboundEvent(
            kind="message",
            sender_address="+16135550142",
            thread_kind="private",
            text="توقف",
            media_kind="text",
            platform_message_id="SM5d6e7f8091a2b3c4d5e6f708192a3b4c",
            reply_to_platform_id="",
        ),
    ],
    "status_delivered": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="SM4c5d6e7f8091a2b3c4d5e6f708192a3b",
            reply_to_platform_id="",
            extra={
                "status": "delivered",
                "error": "delivered",  # no ErrorCode: today the status is repeated here
                "recipient": "+16135550157",
            },
        ),
    ],
    "status_undelivered": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="SM4c5d6e7f8091a2b3c4d5e6f708192a3b",
            reply_to_platform_id="",
            extra={
                "status": "failed",
                "error": "Twilio 30003: undelivered",
                "recipient": "+16135550157",
            },
        ),
    ],
}


channel, test_every_fixture_has_its_row, test_fixture_parses_to_its_events = parse_table_tests(
    "sms_twilio", TABLE
)
