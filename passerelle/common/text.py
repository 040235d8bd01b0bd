"""Domain-free text helpers."""

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_nul(value: str) -> str:
    """Drop NUL characters: PostgreSQL text cannot hold them, and no platform means them."""
    return value.replace("\x00", "") if value and "\x00" in value else value


def has_surrogates(value: str) -> bool:
    """Whether text holds UTF-16 surrogates, which no database can store as UTF-8."""
    return bool(value) and _SURROGATE.search(value) is not None


def storable(value: str) -> str:
    """Text both databases accept: NUL dropped, lone UTF-16 surrogates replaced by U+FFFD.

    A JSON body may escape half of a UTF-16 pair ("\\ud800"); json.loads gives it back
    as is, and SQLite and PostgreSQL both refuse the insert, so the message would be lost.
    A well-formed pair written as two halves becomes its character.
    """
    value = without_nul(value)
    if not has_surrogates(value):
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


MASK = "••••"


def masked(value: str, keep: int = 4) -> str:
    """A phone number or platform address shown without most of it: `•••• 5678`.

    Only the last `keep` letters or digits stay, so staff can tell two numbers apart
    without reading either; short values are hidden whole.
    """
    letters = "".join(ch for ch in (value or "") if ch.isalnum())
    if len(letters) < 2 * keep:
        return MASK
    return f"{MASK} {letters[-keep:]}"


# Scripts written right to left, for the `dir` of a text shown in its own language.
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps"})


def text_direction(language: str) -> str:
    """`rtl` for a right-to-left language, else `ltr`."""
    return "rtl" if (language or "").split("-")[0] in RTL_LANGUAGES else "ltr"


class PickedText(str):
    """A text chosen among its languages, which knows the language it is in (for lang/dir)."""

    language: str = ""

    def __new__(cls, text: str, language: str):
        picked = super().__new__(cls, text)
        picked.language = language if text else ""
        return picked

    @property
    def direction(self) -> str:
        return text_direction(self.language) if self.language else "auto"


def pick_text(texts, language: str, default: str = "") -> PickedText:
    """A text kept per language ({"ar": …, "fr": …}) in the reader's language, else in the
    default language, else in the first language it has."""
    if not isinstance(texts, dict):
        return PickedText(str(texts or ""), default)
    for code in (language, default):
        if code and texts.get(code):
            return PickedText(texts[code], code)
    for code, text in texts.items():
        if text:
            return PickedText(text, code)
    return PickedText("", "")
