"""§2's keyword suggestion: a message of a client that contains one of the service's urgent
words (any language) shows "possibly urgent". It never marks anything: a caseworker decides.

Cheap by design: one compiled pattern per service's list, matched on the messages of the
page shown (no scan of the history, nothing stored).
"""

import functools
import re
import unicodedata


def _fold(text: str) -> str:
    # Case and accents (and Arabic diacritics) do not hide a word: "Suicide", "suicidé".
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u0640", "")


@functools.lru_cache(maxsize=128)
def _pattern(words: tuple[str, ...]):
    folded = sorted({_fold(w).strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not folded:
        return None
    # Whole words or phrases: "hurt" is not found in "hurtle".
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in folded) + r")(?!\w)")


def keywords_of(urgent_keywords) -> tuple[str, ...]:
    """Every language's words of CaseSettings.urgent_keywords ({"en": [...], "ar": [...]})."""
    if not isinstance(urgent_keywords, dict):
        return ()
    words = []
    for value in urgent_keywords.values():
        words += value if isinstance(value, list) else str(value or "").split(",")
    return tuple(sorted({w.strip() for w in words if isinstance(w, str) and w.strip()}))


def suggests_urgent(text: str, keywords: tuple[str, ...]) -> bool:
    pattern = _pattern(keywords)
    return bool(pattern and text and pattern.search(_fold(text)))


def possibly_urgent_ids(messages, urgent_keywords) -> set[int]:
    """The ids of the client's messages (inbound) among `messages` that suggest urgency."""
    keywords = keywords_of(urgent_keywords)
    if not keywords:
        return set()
    return {
        m.pk for m in messages if m.direction == "in" and suggests_urgent(m.text or "", keywords)
    }
