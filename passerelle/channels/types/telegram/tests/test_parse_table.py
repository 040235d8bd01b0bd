"""Telegram: every payload fixture and the neutral events the parser makes of it, a table in
the style of courier's handler tests (fixture → expected events). The channel is the
fixtures' bot (7100000001), with their group (-1002233445566) linked.

Pipeline only: parse() is called directly, nothing of the domain is imported or run.
"""

from datetime import UTC, datetime

from passerelle.channels.types.base import InboundEvent
from passerelle.testing.pipeline import parse_table_tests


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


TABLE = {
    "chat_join_request": [
        InboundEvent(
            kind="join_request",
            sender_address="6120000142",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 13, 59, 20),
            extra={
                "chat_id": "-1002233445566",
                "bio": "Arrivée à Ottawa en septembre. أبحث عن عمل في التمريض.",
                "user_chat_id": "6120000142",
            },
        ),
    ],
    # Telegram's Start button: the neutral start event (DESIGN.md, inbound port)
    "command_start": [
        InboundEvent(
            kind="start",
            sender_address="6120000142",
            thread_kind="private",
            text="/start",
            media_kind="text",
            platform_message_id="6120000142:90",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 14, 2, 20),
            extra={
                "chat_id": "6120000142",
            },
        ),
    ],
    "document": [
        InboundEvent(
            kind="message",
            sender_address="6120000157",
            thread_kind="private",
            text="Voici mon formulaire rempli.",
            media_kind="document",
            platform_message_id="6120000157:89",
            reply_to_platform_id="",
            sender_name="Luc Tremblay",
            sender_language="fr",
            occurred_at=at(2025, 10, 14, 13, 57, 20),
            extra={
                "chat_id": "6120000157",
                "media_field": "document",
                "file_id": "BQACAgEAAxkBAAIBWWjuQ8VmYWtlRG9jdW1lbnRJZAACrwYAAqnPcUZ1",
                "file_name": "formulaire_inscription_CLIC.pdf",
            },
        ),
    ],
    "edited_message": [
        InboundEvent(
            kind="edited",
            sender_address="6120000142",
            thread_kind="group",
            text="مرحبا، أين يمكنني التسجيل في دروس اللغة الفرنسية المجانية في أوتاوا؟ (للمبتدئين)",
            media_kind="text",
            platform_message_id="-1002233445566:4521",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 13, 54, 55),
            extra={
                "chat_id": "-1002233445566",
                "edit_date": 1760450095,
            },
        ),
    ],
    "group_text": [
        InboundEvent(
            kind="message",
            sender_address="6120000142",
            thread_kind="group",
            text="مرحبا، أين يمكنني التسجيل في دروس اللغة الفرنسية المجانية في أوتاوا؟",
            media_kind="text",
            platform_message_id="-1002233445566:4521",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 13, 53, 20),
            extra={
                "chat_id": "-1002233445566",
            },
        ),
    ],
    "left_chat_member": [
        InboundEvent(
            kind="left",
            sender_address="6120000157",
            thread_kind="group",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            sender_name="Luc Tremblay",
            sender_language="fr",
            occurred_at=at(2025, 10, 14, 14, 1, 20),
            extra={
                "chat_id": "-1002233445566",
            },
        ),
    ],
    "my_chat_member": [
        InboundEvent(
            kind="bot_added",
            sender_address="",
            thread_kind="group",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 13, 13, 53, 20),
            extra={
                "chat_id": "-1002233445566",
                "title": "Nouveaux arrivants Ottawa — Newcomers Ottawa",
                "status": "administrator",
                "rights": {
                    "can_be_edited": False,
                    "can_manage_chat": True,
                    "can_change_info": False,
                    "can_delete_messages": True,
                    "can_invite_users": True,
                    "can_restrict_members": True,
                    "can_pin_messages": True,
                    "can_manage_topics": False,
                    "can_promote_members": False,
                    "can_manage_video_chats": False,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                },
                "by": "6120000101",
            },
        ),
    ],
    "new_chat_members": [
        InboundEvent(
            kind="joined",
            sender_address="6120000142",
            thread_kind="group",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 14, 0, 20),
            extra={
                "chat_id": "-1002233445566",
            },
        ),
    ],
    "photo": [
        InboundEvent(
            kind="message",
            sender_address="6120000157",
            thread_kind="group",
            text="Affiche de la séance d'information sur le logement, samedi 10 h.",
            media_kind="photo",
            platform_message_id="-1002233445566:4523",
            reply_to_platform_id="",
            sender_name="Luc Tremblay",
            sender_language="fr",
            occurred_at=at(2025, 10, 14, 13, 56, 20),
            extra={
                "chat_id": "-1002233445566",
                "media_field": "photo",
                "file_id": (
                    "AgACAgEAAyEFAASFrTmWAAIRq2juQ5FmYWtlUGhvdG9MYXJnZQACjqsxG6nPcUYBAAMCAAN4AAM2BA"
                ),
            },
        ),
    ],
    "private_text": [
        InboundEvent(
            kind="message",
            sender_address="6120000157",
            thread_kind="private",
            text="Bonjour, à quelle heure ouvre le centre d'accueil demain matin ?",
            media_kind="text",
            platform_message_id="6120000157:88",
            reply_to_platform_id="",
            sender_name="Luc Tremblay",
            sender_language="fr",
            occurred_at=at(2025, 10, 14, 13, 53, 50),
            extra={
                "chat_id": "6120000157",
            },
        ),
    ],
    "reply": [
        InboundEvent(
            kind="message",
            sender_address="6120000157",
            thread_kind="group",
            text="Merci ! Faut-il prendre rendez-vous avant ?",
            media_kind="text",
            platform_message_id="-1002233445566:4525",
            reply_to_platform_id="-1002233445566:4524",
            sender_name="Luc Tremblay",
            sender_language="fr",
            occurred_at=at(2025, 10, 14, 13, 58, 20),
            extra={
                "chat_id": "-1002233445566",
            },
        ),
    ],
    "voice": [
        InboundEvent(
            kind="message",
            sender_address="6120000142",
            thread_kind="group",
            text="",
            media_kind="voice",
            platform_message_id="-1002233445566:4522",
            reply_to_platform_id="",
            sender_name="أميرة حداد",
            sender_language="ar",
            occurred_at=at(2025, 10, 14, 13, 55, 20),
            extra={
                "chat_id": "-1002233445566",
                "media_field": "voice",
                "file_id": "AwACAgEAAyEFAASFrTmWAAIRqmjuQ3t1Q2x5ZmFrZVZvaWNlSWQAAk0FAAKp",
                "duration": 7,
            },
        ),
    ],
}


channel, test_every_fixture_has_its_row, test_fixture_parses_to_its_events = parse_table_tests(
    "telegram", TABLE
)
