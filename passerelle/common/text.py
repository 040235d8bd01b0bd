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
