"""Reading what people type: commands and keywords, numbered answers on any phone."""

import pytest

from passerelle.communities import answers, commands

YES_NO = [("yes", "نعم"), ("no", "لا")]


@pytest.mark.parametrize(
    "text, private, expected",
    [
        ("/start", False, "start"),
        ("/report@passerelle_ottawa_bot", False, "report"),
        ("/report spam", False, "report"),
        ("/RULES", True, "rules"),
        ("/règles", True, "rules"),
        ("/leave", False, "leave"),
        ("/quitter", True, "leave"),
        ("STOP", True, "leave"),
        (" ARRÊT ", True, "leave"),
        ("Arret", True, "leave"),
        ("توقف", True, "leave"),
        ("JOIN", True, "start"),
        ("انضمام", True, "start"),
        ("STOP", False, None),
        ("please stop", True, None),
        ("/unknown", True, None),
        ("/", True, None),
        ("", True, None),
    ],
)
def test_commands_and_keywords(text, private, expected):
    command = commands.parse(text, private=private)
    assert (command.name if command else None) == expected


def test_command_keeps_what_was_typed():
    assert commands.parse("/leave@bot now", private=False).typed == "/leave@bot"
    assert commands.parse("ARRÊT", private=True).typed == "ARRÊT"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1", ("yes", False)),
        ("١", ("yes", False)),
        ("۲", ("no", False)),
        ("نعم", ("yes", False)),
        ("Oui!", ("yes", False)),
        ("non", ("no", False)),
        (" 2. ", ("no", False)),
        ("3", None),
        ("peut-être", None),
        ("0", None),
    ],
)
def test_yes_no_answers(text, expected):
    assert answers.parse(text, YES_NO, yes_no=True) == expected


def test_skip_only_when_optional():
    options = [("online", "Online"), ("in_person", "In person")]
    assert answers.parse("0", options, optional=True) == ("", True)
    assert answers.parse("تخطي", options, optional=True) == ("", True)
    assert answers.parse("0", options) is None
    assert answers.parse("in person", options) == ("in_person", False)


def test_language_options_match_codes_and_names():
    options = [("ar", "العربية"), ("en", "English"), ("fr", "Français")]
    assert answers.parse("francais", options) == ("fr", False)
    assert answers.parse("EN", options) == ("en", False)
    assert answers.parse("العربيه", options) is None  # a misspelling is not guessed


def test_free_text_answers():
    assert answers.parse("  Ottawa  ", []) == ("Ottawa", False)
    assert answers.parse("   ", []) is None
    assert len(answers.parse("x" * 900, [])[0]) == answers.MAX_TEXT
