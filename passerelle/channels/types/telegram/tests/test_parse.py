"""Every fixture parses to the events Passerelle expects; odd shapes are ignored."""

import pytest

from passerelle.channels.types.telegram.parse import BOT_ADDED, parse_update
from passerelle.testing.platforms import AMIRA, LUC, update
from passerelle.testing.platforms import TELEGRAM_GROUP as GROUP

BOT = "7100000001"


def parse(name, group=str(GROUP), **changes):
    data = update(name) if isinstance(name, str) else name
    data.update(changes)
    return parse_update(data, bot_id=BOT, group_chat_id=group)


def test_group_text():
    (event,) = parse("group_text")
    assert (event.kind, event.thread_kind) == ("message", "group")
    assert event.sender_address == str(AMIRA) and event.sender_name == "أميرة حداد"
    assert event.sender_language == "ar" and event.text.startswith("مرحبا")
    assert event.platform_message_id == f"{GROUP}:4521" and event.media_kind == "text"
    assert event.occurred_at.timestamp() == 1760450000


def test_private_text_and_command():
    (event,) = parse("private_text")
    assert event.thread_kind == "private" and event.platform_message_id == f"{LUC}:88"
    assert event.sender_language == "fr"
    (start,) = parse("command_start")
    assert start.text == "/start" and start.thread_kind == "private"


def test_edit_names_the_original_message():
    (event,) = parse("edited_message")
    assert event.kind == "edited" and event.platform_message_id == f"{GROUP}:4521"
    assert event.text.endswith("(للمبتدئين)") and event.extra["edit_date"] == 1760450095
    assert event.occurred_at.timestamp() == 1760450095


@pytest.mark.parametrize(
    "name, kind, text",
    [
        ("voice", "voice", ""),
        ("photo", "photo", "Affiche de la séance d'information sur le logement, samedi 10 h."),
        ("document", "document", "Voici mon formulaire rempli."),
    ],
)
def test_media(name, kind, text):
    (event,) = parse(name)
    assert event.media_kind == kind and event.text == text
    assert event.extra["file_id"]


def test_photo_keeps_the_largest_size():
    (event,) = parse("photo")
    largest = update("photo")["message"]["photo"][-1]["file_id"]
    assert event.extra["file_id"] == largest


def test_reply_names_the_message_replied_to():
    (event,) = parse("reply")
    assert event.reply_to_platform_id == f"{GROUP}:4524"


def test_join_request():
    (event,) = parse("chat_join_request")
    assert (event.kind, event.thread_kind) == ("join_request", "private")
    assert event.extra["chat_id"] == str(GROUP) and event.extra["user_chat_id"] == str(AMIRA)


def test_joined_and_left():
    (joined,) = parse("new_chat_members")
    assert joined.kind == "joined" and joined.sender_address == str(AMIRA)
    (left,) = parse("left_chat_member")
    assert left.kind == "left" and left.sender_address == str(LUC)


def test_the_bot_joining_is_not_a_member():
    data = update("new_chat_members")
    data["message"]["new_chat_members"].append(
        {"id": int(BOT), "is_bot": True, "first_name": "Passerelle"}
    )
    assert [e.kind for e in parse(data)] == ["joined"]
    data["message"]["new_chat_members"] = [{"id": int(BOT), "is_bot": True, "first_name": "P"}]
    assert [e.kind for e in parse(data)] == ["ignored"]


def test_bot_promoted_links_the_group_and_other_changes_are_ignored():
    (event,) = parse("my_chat_member", group="")
    assert event.kind == BOT_ADDED and event.extra["chat_id"] == str(GROUP)
    assert event.extra["rights"]["can_restrict_members"] is True
    data = update("my_chat_member")
    data["my_chat_member"]["new_chat_member"]["status"] = "left"
    assert [e.kind for e in parse(data)] == ["ignored"]


def test_messages_from_another_group_or_before_linking_are_ignored():
    assert [e.kind for e in parse("group_text", group="")] == ["ignored"]
    assert [e.kind for e in parse("group_text", group="-100999")] == ["ignored"]
    assert [e.kind for e in parse("chat_join_request", group="-100999")] == ["ignored"]
    assert parse("private_text", group="")[0].kind == "message"  # private chats always count


def test_every_fixture_parses():
    from passerelle.testing.platforms import TELEGRAM_FIXTURES as FIXTURES

    for path in sorted(FIXTURES.glob("*.json")):
        events = parse(path.stem)
        assert events and all(e.kind != "ignored" for e in events), path.name
