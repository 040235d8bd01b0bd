"""Chat exports written by the tests themselves, one per layout WhatsApp and Telegram use.

The peer exports of ../shared/peer_exports are checked by scripts/check_peer_exports.py;
their licences keep them out of the project, so these are our own files in each layout.
"""

import io
import json
import zipfile
from zoneinfo import ZoneInfo

TORONTO = ZoneInfo("America/Toronto")
LRM, RLM = "\u200e", "\u200f"
NNBSP = "\u202f"


def text(*lines: str, newline: str = "\n") -> str:
    return newline.join(lines) + newline


# One small group's history, in the Android layout (English, 12-hour clock, m/d/yy).
ANDROID_GROUP = text(
    "3/1/17, 9:00 AM - Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
    '3/1/17, 9:00 AM - Amira created group "Ottawa newcomers"',
    "3/1/17, 9:01 AM - Amira added Bilal, Chloé and David",
    "3/1/17, 9:02 AM - Amira: Welcome everyone!",
    "3/2/17, 1:15 PM - Bilal: How do I register my children for school?",
    "3/2/17, 1:20 PM - Amira: At the school board office.",
    "Bring proof of address.",
    "",
    "And the vaccination record.",
    "3/14/17, 6:30 PM - Farah joined using this group's invite link",
    "3/14/17, 6:31 PM - Farah: <Media omitted>",
    "4/2/17, 8:00 PM - Chloé left",
    "4/3/17, 10:00 AM - David: This message was deleted",
    "4/20/17, 11:45 PM - Amira removed David",
    "5/1/17, 12:05 AM - Bilal: Thanks 🙏",
)


def zipped(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def telegram_chat(messages, *, chat_id=4455667788, name="Newcomers Ottawa") -> dict:
    return {"name": name, "type": "private_supergroup", "id": chat_id, "messages": messages}


def telegram_group() -> dict:
    """A group's Telegram Desktop export: joins, a leave, a removal, replies, entities."""
    return telegram_chat(
        [
            {
                "id": 1,
                "type": "service",
                "date": "2023-03-01T09:00:00",
                "date_unixtime": "1677679200",
                "actor": "Amira",
                "actor_id": "user101",
                "action": "create_group",
                "title": "Newcomers Ottawa",
                "members": ["Amira"],
                "text": "",
            },
            {
                "id": 2,
                "type": "service",
                "date": "2023-03-01T09:05:00",
                "date_unixtime": "1677679500",
                "actor": "Amira",
                "actor_id": "user101",
                "action": "invite_members",
                "members": ["Bilal", "Chloé"],
                "text": "",
            },
            {
                "id": 3,
                "type": "message",
                "date": "2023-03-02T13:15:00",
                "date_unixtime": "1677780900",
                "from": "Bilal",
                "from_id": "user202",
                "text": "كيف أسجل أولادي في المدرسة؟",
                "text_entities": [{"type": "plain", "text": "كيف أسجل أولادي في المدرسة؟"}],
            },
            {
                "id": 4,
                "type": "message",
                "date": "2023-03-02T13:20:00",
                "date_unixtime": "1677781200",
                "from": "Amira",
                "from_id": "user101",
                "reply_to_message_id": 3,
                "text": [
                    {"type": "bold", "text": "School board"},
                    ", 123 Main St: ",
                    {"type": "link", "text": "https://example.org/school"},
                ],
            },
            {
                "id": 5,
                "type": "service",
                "date": "2023-03-14T18:30:00",
                "date_unixtime": "1678833000",
                "actor": "Farah",
                "actor_id": "user303",
                "action": "join_group_by_link",
                "inviter": "Amira",
                "text": "",
            },
            {
                # Only `date` (some exports): the service's wall clock.
                "id": 6,
                "type": "message",
                "date": "2023-03-14T18:31:00",
                "from": "Farah",
                "from_id": "user303",
                "photo": "(File not included. Change data exporting settings to download.)",
                "text": "",
            },
            {
                "id": 7,
                "type": "message",
                "date_unixtime": "1678833120",
                "from": "Farah",
                "from_id": "user303",
                "forwarded_from": "City of Ottawa",
                "text": "Free French classes start in April.",
            },
            {
                "id": 8,
                "type": "service",
                "date": "2023-04-02T20:00:00",
                "date_unixtime": "1680480000",
                "actor": "Chloé",
                "actor_id": "user404",
                "action": "remove_members",
                "members": ["Chloé"],
                "text": "",
            },
            {
                "id": 9,
                "type": "service",
                "date": "2023-04-20T23:45:00",
                "date_unixtime": "1682048700",
                "actor": "Amira",
                "actor_id": "user101",
                "action": "remove_members",
                "members": ["Bilal"],
                "text": "",
            },
            {"id": 10, "type": "message", "from": "Amira", "text": "no date"},
        ]
    )


def telegram_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode()
