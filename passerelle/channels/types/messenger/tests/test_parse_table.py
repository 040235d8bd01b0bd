"""Messenger: every payload fixture and the neutral events the parser makes of it, a table in
the style of courier's handler tests (fixture → expected events). The channel is the
fixtures' page (104857392018475).

Pipeline only: parse() is called directly, nothing of the domain is imported or run.
"""

from datetime import UTC, datetime

from passerelle.channels.types.base import InboundEvent
from passerelle.testing.pipeline import parse_table_tests


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


TABLE = {
    "attachment_audio": [
        InboundEvent(
            kind="message",
            sender_address="7245019836104527",
            thread_kind="private",
            text="",
            media_kind="audio",
            platform_message_id="m_Ab3cD5eF7gH9iJ1kL3mN5oP7qR9sT1uV3wX5yZ7aB9cD1eF3gH5iJ7kL9mN1oP3qR5sT7uV9wX1yZ3",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 13, 54, 20),
            extra={
                "attachment_url": "https://cdn.fbsbx.com/v/t59.3654-21/000000000_0000000000000000_0000000000000000000_n.mp4/audioclip-1760450060000-5124.mp4?_nc_cat=100&ccb=1-7&_nc_sid=d61c36&oh=00_AfFakeSignature&oe=68F00000",
            },
        ),
    ],
    "delivery": [
        InboundEvent(
            kind="status",
            sender_address="",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="m_Hk2lM4nO6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hI6jK8lM0nO2pQ4rS6tU8vW0xY2zA4bC6dE8fG0",
            reply_to_platform_id="",
            extra={
                "status": "delivered",
                "recipient": "7245019836104527",
            },
        ),
        InboundEvent(
            kind="status",
            sender_address="7245019836104527",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            extra={
                "status": "delivered",
                "watermark": at(2025, 10, 14, 13, 56, 21, 500000),
            },
        ),
    ],
    "postback": [
        InboundEvent(
            kind="message",
            sender_address="7245019836104527",
            thread_kind="private",
            text="Commencer",
            media_kind="text",
            platform_message_id="m_Pq1rS3tU5vW7xY9zA1bC3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 13, 55, 20),
            extra={
                "payload": "GET_STARTED",
            },
        ),
    ],
    "read": [
        InboundEvent(
            kind="status",
            sender_address="7245019836104527",
            thread_kind="private",
            text="",
            media_kind="text",
            platform_message_id="",
            reply_to_platform_id="",
            extra={
                "status": "read",
                "watermark": at(2025, 10, 14, 13, 56, 21, 500000),
            },
        ),
    ],
    "text": [
        InboundEvent(
            kind="message",
            sender_address="7245019836104527",
            thread_kind="private",
            text="Bonjour ! Je cherche des cours d'anglais du soir pour adultes.",
            media_kind="text",
            platform_message_id="m_Zx8kQ2vN3bR7tY1uI0oP9aS4dF6gH5jK2lM8nB3vC1xZ7qW0eR4tY6uI9oP3aS5dF8gH1jK4lM7nB",
            reply_to_platform_id="",
            occurred_at=at(2025, 10, 14, 13, 53, 20),
            extra={},
        ),
    ],
}


channel, test_every_fixture_has_its_row, test_fixture_parses_to_its_events = parse_table_tests(
    "messenger", TABLE
)
