"""Every member-facing text of joining, guidelines, moderation and leaving is in en, fr, ar."""

import string

import pytest

from passerelle.communities import guidelines_templates
from passerelle.communities.texts import DEFAULT_QUESTIONS, EDITABLE
from passerelle.communities.texts import TEXTS as COMMUNITY_TEXTS
from passerelle.moderation.texts import TEXTS as MODERATION_TEXTS

LANGUAGES = ("en", "fr", "ar")
CATALOGS = {"communities": COMMUNITY_TEXTS, "moderation": MODERATION_TEXTS}


def _placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(
    "catalog, key",
    [(name, key) for name, catalog in CATALOGS.items() for key in catalog],
)
def test_every_text_exists_in_three_languages_with_the_same_placeholders(catalog, key):
    entry = CATALOGS[catalog][key]
    assert set(entry) >= set(LANGUAGES), f"{catalog}.{key} lacks a language"
    assert all(entry[lang].strip() for lang in LANGUAGES)
    expected = _placeholders(entry["en"])
    for lang in LANGUAGES:
        assert _placeholders(entry[lang]) == expected, f"{catalog}.{key} [{lang}]"


def test_arabic_texts_are_arabic_and_french_texts_are_not_english():
    for catalog in CATALOGS.values():
        for key, entry in catalog.items():
            if key in ("yes", "no"):
                continue
            assert any("\u0600" <= ch <= "\u06ff" for ch in entry["ar"]), key
            assert entry["fr"] != entry["en"], key


def test_editable_keys_exist():
    for key in EDITABLE:
        assert key in COMMUNITY_TEXTS or key in MODERATION_TEXTS


@pytest.mark.parametrize("template", list(guidelines_templates.TEMPLATES))
def test_guideline_templates_are_complete_in_three_languages(template):
    chosen = guidelines_templates.TEMPLATES[template]
    assert all(chosen["intro"][lang].strip() for lang in LANGUAGES)
    keys = [c["key"] for c in chosen["clauses"]]
    assert len(keys) == len(set(keys))
    for clause in chosen["clauses"]:
        for part in ("title", "text"):
            assert all(clause[part][lang].strip() for lang in LANGUAGES), (clause["key"], part)
    # What a warning and the leave command need to cite.
    assert {
        "purpose",
        "off_topic",
        "privacy",
        "offensive",
        "response_time",
        "feedback",
        "leaving",
    } <= set(keys)


def test_interactive_template_covers_annex_3_topics():
    keys = [c["key"] for c in guidelines_templates.INTERACTIVE["clauses"]]
    assert keys == [
        "purpose",
        "moderator",
        "off_topic",
        "privacy",
        "offensive",
        "advertising",
        "response_time",
        "feedback",
        "leaving",
    ]


def test_default_questions_are_in_three_languages():
    for spec in DEFAULT_QUESTIONS:
        assert all(spec["prompts"][lang].strip() for lang in LANGUAGES)
        for choice in spec.get("choices", []):
            assert all(choice["labels"][lang].strip() for lang in LANGUAGES)
