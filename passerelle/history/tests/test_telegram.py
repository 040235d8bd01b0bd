"""Telegram Desktop's result.json: messages, service actions, replies, entities, times."""

import pytest

from passerelle.history import telegram
from passerelle.history.records import ExportError, Kind, Media
from passerelle.history.tests.samples import TORONTO, telegram_bytes, telegram_chat, telegram_group


def _read(data, **kw):
    return telegram.read(telegram_bytes(data), tz=TORONTO, **kw)


def test_a_group_export_reads_to_records():
    export = _read(telegram_group())
    assert export.chat == "Newcomers Ottawa"
    rows = [
        (
            r.kind,
            r.at.astimezone(TORONTO).strftime("%Y-%m-%d %H:%M"),
            r.sender.name if r.sender else None,
            [p.name for p in r.subjects],
        )
        for r in export.records
    ]
    assert rows == [
        (Kind.ADD, "2023-03-01 09:00", "Amira", ["Amira"]),  # a group created with members
        (Kind.ADD, "2023-03-01 09:05", "Amira", ["Bilal", "Chloé"]),
        (Kind.MESSAGE, "2023-03-02 13:15", "Bilal", []),
        (Kind.MESSAGE, "2023-03-02 13:20", "Amira", []),
        (Kind.JOIN, "2023-03-14 18:30", None, ["Farah"]),
        (Kind.MESSAGE, "2023-03-14 18:31", "Farah", []),
        (Kind.MESSAGE, "2023-03-14 18:32", "Farah", []),
        (Kind.LEAVE, "2023-04-02 20:00", None, ["Chloé"]),  # removing oneself is leaving
        (Kind.REMOVE, "2023-04-20 23:45", "Amira", ["Bilal"]),
    ]
    assert [str(p) for p in export.problems] == ["message 10: no date"]


def test_messages_keep_ids_replies_entities_files_and_forwards():
    records = {r.source_id: r for r in _read(telegram_group()).records}
    answer = records["tg:4455667788:4"]
    assert answer.reply_to == "tg:4455667788:3"
    assert answer.text == "School board, 123 Main St: https://example.org/school"
    assert answer.sender.id == "user101"
    photo = records["tg:4455667788:6"]
    assert (photo.media, photo.text) == (Media.PHOTO, "")
    assert records["tg:4455667788:7"].forwarded_from == "City of Ottawa"


def test_people_named_in_a_service_message_get_their_id_from_their_own_messages():
    added = _read(telegram_group()).records[1]
    assert [(p.name, p.id) for p in added.subjects] == [("Bilal", "user202"), ("Chloé", "user404")]


def test_a_date_without_unixtime_is_read_in_the_service_time_zone():
    (record,) = _read(
        telegram_chat(
            [{"id": 1, "type": "message", "date": "2023-07-01T09:00:00", "from": "A", "text": "hi"}]
        )
    ).records
    assert record.at.isoformat() == "2023-07-01T09:00:00-04:00"


def test_a_minimal_export_without_ids_gets_stable_ids():
    data = {
        "messages": [
            {"type": "message", "date_unixtime": "1544006350", "from": "Author 1", "text": "x"},
            {"type": "message", "date_unixtime": "1544006350", "from": "Author 1", "text": "x"},
        ]
    }
    first, second = _read(data).records, _read(data).records
    assert first[0].source_id != first[1].source_id
    assert [r.source_id for r in first] == [r.source_id for r in second]


def test_a_full_export_needs_the_chat_when_it_holds_several():
    full = {
        "chats": {
            "list": [
                telegram_chat(
                    [
                        {
                            "id": 1,
                            "type": "message",
                            "date": "2023-01-01T10:00:00",
                            "from": "A",
                            "text": "a",
                        }
                    ],
                    chat_id=1,
                    name="Family",
                ),
                telegram_group(),
            ]
        }
    }
    with pytest.raises(ExportError, match="--chat"):
        _read(full)
    assert _read(full, chat="Newcomers Ottawa").chat == "Newcomers Ottawa"
    assert len(_read(full, chat="1").records) == 1


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"id": 5, "type": "message", "date": "2023-01-01T10:00:00", "text": "x"}, "from nobody"),
        (
            {"id": 6, "type": "message", "date": "2023-01-01T10:00:00", "from": "A", "text": ""},
            "neither text nor file",
        ),
        ({"id": 7, "type": "reaction", "date": "2023-01-01T10:00:00"}, "unknown message type"),
        ({"id": 8, "type": "message", "date": "yesterday", "from": "A", "text": "x"}, "Invalid"),
        ("not an object", "not a JSON object"),
    ],
)
def test_a_bad_message_is_reported_and_the_others_read(message, reason):
    fine = {"id": 1, "type": "message", "date": "2023-01-01T10:00:00", "from": "A", "text": "ok"}
    export = _read(telegram_chat([fine, message]))
    assert len(export.records) == 1 and len(export.problems) == 1
    assert reason in export.problems[0].reason


def test_a_file_that_is_no_telegram_export_is_refused():
    with pytest.raises(ExportError):
        telegram.read(b"{not json", tz=TORONTO)
    with pytest.raises(ExportError):
        telegram.read(b'{"hello": 1}', tz=TORONTO)
