"""Replies as members type them: digits of three scripts, option words, skip, multi, scale."""

import pytest

from passerelle.prompts.parsing import Answer, normalize, parse

CHOICE = [
    {"value": "jobs", "labels": {"en": "Jobs", "fr": "Emploi", "ar": "عمل"}},
    {"value": "housing", "labels": {"en": "Housing", "fr": "Logement", "ar": "سكن"}},
    {"value": "health", "labels": {"en": "Health", "fr": "Santé", "ar": "صحة"}},
]


def choice(text, **kw):
    return parse(text, kind="choice", options=CHOICE, **kw)


@pytest.mark.parametrize("text", ["2", "٢", "۲", " 2. ", "(٢)"])
def test_a_number_in_latin_arabic_indic_or_persian_digits(text):
    assert choice(text).value == "housing"


@pytest.mark.parametrize(
    "text,value",
    [
        ("Logement", "housing"),
        ("logement", "housing"),
        ("sante", "health"),
        ("Santé", "health"),
        ("سكن", "housing"),
        ("Jobs", "jobs"),
        ("jobs!", "jobs"),
        ("health", "health"),
    ],
)
def test_an_option_word_in_french_arabic_or_english(text, value):
    assert choice(text).value == value


@pytest.mark.parametrize("text", ["4", "0", "٠", "maybe", "", "   "])
def test_a_reply_that_names_no_option_answers_nothing(text):
    assert choice(text) is None


def test_zero_skips_only_a_skippable_prompt():
    assert choice("0") is None
    answer = choice("0", skippable=True)
    assert (answer.value, answer.skipped) == ("", True)
    assert choice("٠", skippable=True).skipped
    assert choice("passer", skippable=True).skipped
    assert choice("تخطي", skippable=True).skipped
    assert parse("0", kind="multi", options=CHOICE, skippable=True).value == []


@pytest.mark.parametrize(
    "text,values",
    [
        ("1 3", ["jobs", "health"]),
        ("1,3", ["jobs", "health"]),
        ("٣ و ١", ["health", "jobs"]),
        ("1 et 2", ["jobs", "housing"]),
        ("2 2", ["housing"]),
        ("emploi, santé", ["jobs", "health"]),
    ],
)
def test_multi_takes_several_numbers_or_words(text, values):
    assert parse(text, kind="multi", options=CHOICE).value == values


def test_multi_with_one_wrong_number_answers_nothing():
    assert parse("1 7", kind="multi", options=CHOICE) is None


@pytest.mark.parametrize("text,value", [("1", "1"), ("5", "5"), ("٤", "4"), ("۳", "3")])
def test_scale_from_one_to_five(text, value):
    assert parse(text, kind="scale").value == value


@pytest.mark.parametrize("text", ["0", "6", "10", "-1", "three"])
def test_scale_out_of_bounds_answers_nothing(text):
    assert parse(text, kind="scale") is None


def test_number_keeps_the_digits_of_the_int():
    assert parse("١٩٩٠", kind="number").value == "1990"
    assert parse("0042", kind="number").value == "42"
    assert parse("about ten", kind="number") is None


@pytest.mark.parametrize(
    "text,value",
    [
        ("1", "yes"),
        ("oui", "yes"),
        ("نعم", "yes"),
        ("Yes", "yes"),
        ("2", "no"),
        ("non", "no"),
        ("لا", "no"),
        ("oui merci", "yes"),
    ],
)
def test_yes_no_without_options_of_its_own(text, value):
    assert parse(text, kind="yes_no").value == value


def test_an_option_word_list_reads_phrases_longest_first():
    options = [
        {"value": "yes", "labels": {"en": "Yes"}},
        {"value": "no", "labels": {"en": "No"}},
        {"value": "not_yet", "labels": {"en": "Not yet"}, "words": ["pas encore"]},
    ]
    assert parse("not yet, sorry", kind="choice", options=options).value == "not_yet"
    assert parse("pas encore", kind="choice", options=options).value == "not_yet"
    assert parse("no thanks", kind="choice", options=options).value == "no"
    # A long message that happens to start with "no" is a message.
    long = "no I have another question about the school registration for my son"
    assert parse(long, kind="choice", options=options) is None


def test_text_kinds_take_any_text_and_keep_what_was_typed():
    answer = parse("  Ottawa  ", kind="short_text", wording="Where?", language="en")
    assert answer == Answer(value="Ottawa", raw="Ottawa", wording="Where?", language="en")
    assert len(parse("x" * 900, kind="short_text").value) == 500
    assert len(parse("x" * 3000, kind="free_text").value) == 2000
    assert parse("  ", kind="free_text") is None


def test_normalize_folds_digits_case_and_arabic_marks():
    assert normalize(" «نَعَم» ") == "نعم"
    assert normalize("OUI!") == "oui"


def test_the_engines_own_lines_exist_in_english_french_and_arabic():
    from passerelle.prompts.texts import TEXTS

    for key, entry in TEXTS.items():
        assert {"en", "fr", "ar"} <= set(entry), key
        assert all(text.strip() for text in entry.values()), key
