"""WhatsApp: every payload fixture and the neutral events the parser makes of it, a table in
the style of courier's handler tests (fixture → expected events). The channel is the
fixtures' business number (phone_number_id 109876543210987).

Pipeline only: parse() is called directly, nothing of the domain is imported or run.
"""

from datetime import UTC, datetime

from passerelle.channels.types.base import InboundEvent
from passerelle.testing.pipeline import parse_table_tests


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


TABLE = {
    "audio": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="",
            media_kind="voice",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUMxRDI3RTQ0OUI1RjZBOEMyMgA=",
            reply_to_platform_id="",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 54, 20),
            extra={
                "media_id": "1187294035561728",
            },
        ),
    ],
    "document": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="Mon CV en français",
            media_kind="document",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUU5QTcyQjY1RDQ0QzAxRTc3NgA=",
            reply_to_platform_id="",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 56, 20),
            extra={
                "media_id": "889201736452019",
            },
        ),
    ],
    "image": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="Est-ce que cette lettre d'IRCC est urgente ?",
            media_kind="photo",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUQ0RTg4NDA3QzFCMjlGMDFBNQA=",
            reply_to_platform_id="",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 55, 20),
            extra={
                "media_id": "1502837461920384",
            },
        ),
    ],
    "interactive_button_reply": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="Français",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUYxMEQ3M0I4NjJBMkU1RjlDOQA=",
            reply_to_platform_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 57, 20),
            extra={
                "reply_id": "lang_fr",
            },
        ),
    ],
    "interactive_list_reply": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="Logement / سكن",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUcyOEU1NUExRjM5QjdDMDQ0MgA=",
            reply_to_platform_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 58, 20),
            extra={
                "reply_id": "topic_housing",
            },
        ),
    ],
    "status_delivered": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 14, 0, 2),
            extra={
                "status": "delivered",
                "error": "",
                "recipient": "16135550142",
            },
        ),
    ],
    "status_failed": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 14, 0, 1),
            extra={
                "status": "failed",
                "error": (
                    "131047 Re-engagement message: Message failed to send because more than "
                    "24 hours have passed since the customer last replied to this number."
                ),
                "recipient": "16135550142",
            },
        ),
    ],
    "status_read": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 14, 1, 0),
            extra={
                "status": "read",
                "error": "",
                "recipient": "16135550142",
            },
        ),
    ],
    "status_sent": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgARGBI1QjM0RkFCRjE4QzE5RTdCNjgA",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 14, 0, 0),
            extra={
                "status": "sent",
                "error": "",
                "recipient": "16135550142",
            },
        ),
    ],
    "text": [
        InboundEvent(
            kind="message",
            sender_address="16135550142",
            thread_kind="private",
            text="مرحبا، هل يمكنكم مساعدتي في إيجاد سكن قريب من وسط المدينة؟",
            media_kind="text",
            platform_message_id="wamid.HBgLMTYxMzU1NTAxNDIVAgASGBQzQUI3RkE1QzE2RTlGMEQ0QjVBMQA=",
            reply_to_platform_id="",
            sender_name="Amira Haddad",
            occurred_at=at(2025, 10, 14, 13, 53, 20),
            extra={},
        ),
    ],
}


channel, test_every_fixture_has_its_row, test_fixture_parses_to_its_events = parse_table_tests(
    "whatsapp", TABLE
)
