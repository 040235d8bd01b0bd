"""Domain-free text helpers."""


def without_nul(value: str) -> str:
    """Drop NUL characters: PostgreSQL text cannot hold them, and no platform means them."""
    return value.replace("\x00", "") if value and "\x00" in value else value


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
