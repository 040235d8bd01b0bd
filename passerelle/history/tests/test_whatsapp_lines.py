"""What WhatsApp writes besides people's words: joins, leaves, removals, notices, files."""

import pytest

from passerelle.history import whatsapp
from passerelle.history.records import Kind, Media
from passerelle.history.tests.samples import ANDROID_GROUP, LRM, TORONTO, text


def _one(body_line: str, layout: str = "android"):
    if layout == "android":
        line = f"31/12/2017, 21:05 - {body_line}"
    else:
        line = f"[31/12/2017, 21:05:00] {body_line}"
    (record,) = whatsapp.read(text(line), tz=TORONTO).records
    return record


def _names(people):
    return [p.name for p in people]


MEMBERSHIP_LINES = [
    ("Farah joined using this group's invite link", Kind.JOIN, None, ["Farah"]),
    ("+1 613-555-0101 joined using this group's invite link", Kind.JOIN, None, ["+1 613-555-0101"]),
    ("Chloé left", Kind.LEAVE, None, ["Chloé"]),
    ("Amira removed David", Kind.REMOVE, "Amira", ["David"]),
    ("Amira added Bilal", Kind.ADD, "Amira", ["Bilal"]),
    ("Amira added Bilal, Chloé and David", Kind.ADD, "Amira", ["Bilal", "Chloé", "David"]),
    ("Amira added you", Kind.ADD, "Amira", ["You"]),
    ("You were added", Kind.ADD, None, ["You"]),
    ("You added Farah", Kind.ADD, "You", ["Farah"]),
    ("Amira removed you", Kind.REMOVE, "Amira", ["You"]),
    ("Farah a rejoint ce groupe via le lien d'invitation", Kind.JOIN, None, ["Farah"]),
    ("Amira a ajouté Bilal et Chloé", Kind.ADD, "Amira", ["Bilal", "Chloé"]),
    ("Amira a retiré David", Kind.REMOVE, "Amira", ["David"]),
    ("Chloé est partie", Kind.LEAVE, None, ["Chloé"]),
    ("Amira añadió a Bilal y Chloé", Kind.ADD, "Amira", ["Bilal", "Chloé"]),
    ("Chloé salió del grupo", Kind.LEAVE, None, ["Chloé"]),
    ("Amira hat Bilal und Chloé hinzugefügt", Kind.ADD, "Amira", ["Bilal", "Chloé"]),
    ("Chloé hat die Gruppe verlassen", Kind.LEAVE, None, ["Chloé"]),
]


@pytest.mark.parametrize(("line", "kind", "actor", "subjects"), MEMBERSHIP_LINES)
def test_membership_lines(line, kind, actor, subjects):
    record = _one(line)
    assert record.kind == kind and _names(record.subjects) == subjects
    assert (record.sender.name if record.sender else None) == actor


def test_the_person_who_exported_is_marked_as_such():
    record = _one("Amira added you")
    assert record.subjects[0].is_exporter and not record.sender.is_exporter


SYSTEM_LINES = [
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them. Tap to learn more.",
    "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
    'Amira created group "Ottawa newcomers"',
    'Amira changed the subject from "A: B" to "C"',
    "Amira changed this group's icon",
    "Bilal's security code changed. Tap for more info.",
]


@pytest.mark.parametrize("line", SYSTEM_LINES)
def test_other_system_lines_count_as_nothing(line):
    assert _one(line).kind == Kind.SYSTEM


ATTRIBUTED_NOTICES = [
    f"Elon: {LRM}Messages and calls are end-to-end encrypted. No one outside of this chat.",
    "Elon: Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.",
    "Elon: Les messages et les appels sont chiffrés de bout en bout.",
    "Elon: الرسائل والمكالمات مشفرة تمامًا بين الطرفين",
    "Elon: تغيّر رمز أمانك المُستخدَم مع Elon. انقر هنا لمعرفة المزيد.",
    "Elon: Your security code with Elon changed. Tap to learn more.",
    # Android attributes the encryption notice to the group sometimes.
    "Pokemon Chat: Messages and calls are end-to-end encrypted.",
]


@pytest.mark.parametrize("line", ATTRIBUTED_NOTICES)
def test_notices_attributed_to_a_contact_are_not_messages(line):
    assert _one(line, layout="iphone").kind == Kind.SYSTEM


def test_iphone_group_lines_attributed_to_the_group_are_system_lines():
    left = _one(f"Ottawa newcomers: {LRM}Chloé left", layout="iphone")
    assert left.kind == Kind.LEAVE and _names(left.subjects) == ["Chloé"]
    created = _one(f'Ottawa newcomers: {LRM}Amira created group "Ottawa newcomers"', "iphone")
    assert created.kind == Kind.SYSTEM
    # The same words without WhatsApp's mark are a member's message.
    said = _one("Bilal: Chloé left", layout="iphone")
    assert said.kind == Kind.MESSAGE and said.text == "Chloé left"


PLACEHOLDERS = [
    ("Farah: <Media omitted>", Media.OTHER, ""),
    ("Farah: <Без медиафайлов>", Media.OTHER, ""),
    (f"Farah: {LRM}image omitted", Media.PHOTO, ""),
    (f"Farah: {LRM}Bild weggelassen", Media.PHOTO, ""),
    (f"Farah: {LRM}vidéo absente", Media.VIDEO, ""),
    (
        f"Farah: Budget.pdf • {LRM}2 pages {LRM}document omitted",
        Media.DOCUMENT,
        "Budget.pdf • 2 pages",
    ),
    ("Farah: لم يتم إدراج الصورة", Media.PHOTO, ""),
    ("Farah: IMG-20170314-WA0001.jpg (file attached)", Media.PHOTO, ""),
    (
        "Farah: PTT-20170314-WA0002.opus (file attached)\nvoice for you",
        Media.VOICE,
        "voice for you",
    ),
    ("Farah: <attached: 00000012-PHOTO-2017-03-14-18-31-00.jpg>", Media.PHOTO, ""),
]


@pytest.mark.parametrize(("line", "media", "kept"), PLACEHOLDERS)
def test_files_stand_as_media_placeholders(line, media, kept):
    record = _one(line, layout="iphone")
    assert (record.kind, record.media, record.text) == (Kind.MESSAGE, media, kept)


def test_a_file_the_zip_holds_keeps_its_name():
    record = _one("Farah: IMG-20170314-WA0001.jpg (file attached)")
    assert record.file_name == "IMG-20170314-WA0001.jpg"


@pytest.mark.parametrize(
    "line",
    [
        "David: This message was deleted",
        f"David: {LRM}You deleted this message.",
        "David: Ce message a été supprimé",
        "David: لقد حذَفت هذه الرسالة.",
        "David: Данное сообщение удалено",
    ],
)
def test_deleted_messages_stay_messages_without_their_text(line):
    record = _one(line)
    assert (record.kind, record.deleted, record.text, record.sender.name) == (
        Kind.MESSAGE,
        True,
        "",
        "David",
    )


def test_a_name_with_no_space_after_the_colon_still_writes():
    record = _one("John Doe:.")
    assert (record.kind, record.sender.name, record.text) == (Kind.MESSAGE, "John Doe", ".")


def test_a_colon_inside_the_text_is_the_texts():
    record = _one("Bilal: Where: the school board: at 10:30")
    assert (record.sender.name, record.text) == ("Bilal", "Where: the school board: at 10:30")


def test_a_whole_group_history():
    export = whatsapp.read(ANDROID_GROUP, tz=TORONTO)
    kinds = [r.kind for r in export.records]
    assert kinds == [
        Kind.SYSTEM,
        Kind.SYSTEM,
        Kind.ADD,
        Kind.MESSAGE,
        Kind.MESSAGE,
        Kind.MESSAGE,
        Kind.JOIN,
        Kind.MESSAGE,
        Kind.LEAVE,
        Kind.MESSAGE,
        Kind.REMOVE,
        Kind.MESSAGE,
    ]
    assert export.date_order == "mdy" and not export.problems
    assert export.records[5].text.count("\n") == 3
    assert export.records[-1].at.strftime("%Y-%m-%d %H:%M") == "2017-05-01 00:05"
