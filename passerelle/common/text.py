"""Domain-free text helpers."""


def without_nul(value: str) -> str:
    """Drop NUL characters: PostgreSQL text cannot hold them, and no platform means them."""
    return value.replace("\x00", "") if value and "\x00" in value else value
