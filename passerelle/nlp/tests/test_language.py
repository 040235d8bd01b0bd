"""The language of a message: the issue's rules on informal, short and mixed texts."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from passerelle.nlp import language
from passerelle.nlp.language import ETHIOPIC, UNKNOWN, detect, language_of, reply_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("السلام عليكم، كيف يمكنني التسجيل في دروس اللغة الفرنسية؟", "ar"),
        ("واش كاين شي حد يعرف كيفاش نجدد الباسبور ديالي", "ar"),  # Darija
        ("شلونكم شباب، حد يعرف وين أقدر ألقى شقة رخيصة؟", "ar"),  # Iraqi
        ("ببخشید، کسی می‌دونه کارت بهداشت رو از کجا باید بگیرم؟", "fa"),
        ("Хтось знає, де можна знайти лікаря, який говорить українською?", "uk"),
        ("oye alguien sabe si hay que pedir cita para la tarjeta de salud", "es"),
        ("Waxaan raadinayaa shaqo iyo guri jaban oo magaalada ku yaal", "so"),
        ("slt tout le monde, qqn sait où trouver un logement pas cher ?", "fr"),
        ("does anyone know where i can find a cheap apartment near downtown", "en"),
    ],
)
def test_members_languages_are_found(text, expected):
    assert language_of(text) == expected


def test_dari_is_farsi():
    # Dari written in Kabul: the service answers it as Farsi ("prs" never comes out).
    assert language_of("سلام، من از کابل آمده‌ام و به دنبال کار و خانه هستم") == "fa"
    assert language._code("prs") == "fa"


@pytest.mark.parametrize(
    "text", ["ሰላም፡ ከመይ ጌረ ናብ ትምህርቲ ቋንቋ ክምዝገብ እኽእል?", "ሰላም እንዴት ነህ? የቋንቋ ትምህርት የት ማግኘት እችላለሁ?"]
)
def test_ethiopic_script_is_tigrinya_or_amharic_for_the_moderator(text):
    found = detect(text)
    assert found.language == ETHIOPIC == "ti|am"
    assert found.reason == "Ethiopic script"
    assert reply_language(found.language) == ""


@pytest.mark.parametrize("text", ["ok merci", "شكرا", "thanks!", "👍👍", "", "  ", "12 34 56"])
def test_one_or_two_words_are_unknown(text):
    assert language_of(text) == UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "salam 3likom, kifach n9dar nsajel f l cours?",
        "ana 3andi mushkila ma3 el wrak",
        "سلام salam chetori khubi",  # Persian in Latin letters, a greeting in Arabic script
    ],
)
def test_arabic_in_latin_letters_stays_unknown_rather_than_wrong(text):
    assert language_of(text) == UNKNOWN


def test_mixed_scripts_take_the_script_most_letters_are_in():
    assert language_of("Thank you so much, my appointment is tomorrow at the clinic مرحبا") == "en"
    assert language_of("مرحبا Bonjour je cherche un logement à Montréal svp") == "fr"
    assert language_of("شكرا جزيلا على المساعدة، الله يجزيكم خير ok") == "ar"


def test_links_and_addresses_are_not_words():
    assert language_of("https://example.org/ab/cd rami@example.org @rami") == UNKNOWN


def test_models_load_once_per_process():
    language.languages_load()
    first = language._identifier()
    language_of("Est-ce que le bureau est ouvert demain matin ?")
    assert language._identifier() is first


def test_reply_language_only_for_one_language():
    assert reply_language("fa") == "fa"
    assert reply_language("") == ""
    assert reply_language(ETHIOPIC) == ""


def test_cli_prints_the_code_and_the_detail(capsys):
    call_command("nlp", "language", "--text", "Busco trabajo, ¿alguien sabe dónde preguntar?")
    assert capsys.readouterr().out.strip() == "es"
    call_command("nlp", "language", "--text", "ሰላም እንዴት ነህ? የቋንቋ ትምህርት", "--format", "json")
    detail = json.loads(capsys.readouterr().out)
    assert detail["language"] == "ti|am" and detail["reason"] == "Ethiopic script"


def test_cli_unknown_is_an_empty_line(capsys):
    call_command("nlp", "language", "--text", "ok merci")
    assert capsys.readouterr().out == "\n"


def test_cli_as_the_passerelle_command():
    done = subprocess.run(
        [sys.executable, "-m", "passerelle", "nlp", "language", "--format", "json"],
        input="Дякую за допомогу, дуже вдячна вам",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout)["language"] == "uk"
