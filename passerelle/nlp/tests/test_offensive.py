"""Possibly offensive words: the lists, the Arabic model, the service's own words."""

from passerelle.nlp import offensive
from passerelle.nlp.offensive import offensive_found


def test_word_lists_in_several_languages():
    assert "idiot" in offensive_found("you are a fucking idiot").words
    assert "connard" in offensive_found("va te faire foutre connard").words
    assert offensive_found("eres un cabrón de mierda")


def test_ordinary_messages_are_not_flagged():
    for text in (
        "Hi, how can I sign up for the English classes?",
        "Bonjour, comment je peux m'inscrire aux cours de français ?",
        "مرحبا، أين أجد مكتب الهجرة في المدينة؟",
        "Scunthorpe is a town in England",
        "",
    ):
        assert not offensive_found(text), text


def test_the_arabic_model_labels_an_insult():
    found = offensive_found("يلعن امك يا ابن الحمار")
    assert found and "Cussing" in found.labels
    assert "Cussing" in found.summary()


def test_the_arabic_model_is_asked_only_for_arabic_script():
    # Loaded on first use: an English text never loads it.
    offensive._word_filter()
    assert offensive._arabic_share("hello there") == 0
    assert offensive._arabic_share("مرحبا hello") > 0.4


def test_the_services_own_words_cover_what_the_lists_miss():
    text = "ти дурень, іди геть"
    assert not offensive_found(text)
    found = offensive_found(text, own_words=["ДУРЕНЬ"])
    assert found.words == ("дурень",)
    # Whole words only: a word inside another is not a hit.
    assert not offensive_found("дурениця", own_words=["дурень"])
    assert offensive_found("nacas daran", own_words=["nacas daran"])


def test_models_load_once():
    offensive.offensive_load()
    first_filter, first_model = offensive._word_filter(), offensive._arabic_model()
    offensive_found("كلام عادي عن السكن")
    assert offensive._word_filter() is first_filter
    assert offensive._arabic_model() is first_model


def test_cyrillic_is_not_read_as_latin_look_alikes():
    # "ос" in Ukrainian looks like the listed Latin "oc": homoglyph folding is off.
    assert not offensive_found("Хтось знає, де можна знайти лікаря? Ось адреса")
