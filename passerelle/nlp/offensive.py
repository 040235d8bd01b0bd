"""Possibly offensive words in a text: to flag a group post for a moderator, never to act.

Three sources, each loaded once per process on first use:
- glin-profanity's word lists (24 languages: en, fr, es, ar, fa, ru, de, tr… — not
  Ukrainian, Somali or Tigrinya), matched as whole words;
- the arabic-toxic model (a TF-IDF + linear classifier trained on Arabic posts: cussing,
  hatred, racism, sexual, violence, appearance) for text in Arabic script — it knows
  Arabic, not Farsi, so Farsi rests on the word list. Scored with numpy from arrays
  exported once (nlp.arabic_model): scikit-learn never loads in a worker;
- the service's own words (moderation.ServiceWord), for the languages the lists miss,
  passed in by the caller.
A word list flags "bitte" in French and "asesinato" in Spanish: a finding is a reason
to look, which is all this is used for.
"""

import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_lock = threading.Lock()
_filter = None
_arabic = None
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# The share of a text's letters in Arabic script from which the Arabic model is asked.
_ARABIC_SHARE = 0.5


@dataclass(frozen=True)
class Finding:
    """What made a text possibly offensive: the words matched and the model's labels."""

    words: tuple[str, ...] = ()
    labels: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.words or self.labels)

    def summary(self) -> str:
        """One line for the moderator: the words, then the model's labels."""
        return ", ".join([*self.words, *self.labels])


def _word_filter():
    """glin-profanity's filter over all its languages, whole words only."""
    global _filter
    if _filter is None:
        with _lock:
            if _filter is None:
                from glin_profanity import Filter

                # No homoglyph folding: it reads Ukrainian "ос" as Latin "oc", a listed
                # word, and members write Cyrillic every day ("fück" is missed instead).
                _filter = Filter(
                    {"all_languages": True, "word_boundaries": True, "normalize_unicode": False}
                )
    return _filter


def model_cache_dir() -> Path:
    """Where models derived from packages are kept between runs (not the data: no backup)."""
    configured = os.environ.get("PASSERELLE_MODEL_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "passerelle"


def _arabic_model():
    """arabic-toxic's classify, from its model exported to arrays once (nlp.arabic_model)."""
    global _arabic
    if _arabic is None:
        with _lock:
            if _arabic is None:
                from passerelle.nlp import arabic_model

                _arabic = arabic_model.load(model_cache_dir()).classify
    return _arabic


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _own_words(text: str, words) -> list[str]:
    if not words:
        return []
    folded = _normalised(text)
    found = []
    for word in words:
        word = _normalised(word).strip()
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded):
            found.append(word)
    return found


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)


def offensive_found(text: str, *, own_words=()) -> Finding:
    """The possibly offensive words in a text, from the lists, the model and `own_words`."""
    text = text or ""
    if not text.strip():
        return Finding()
    words = list(_word_filter().check_profanity(text).get("profane_words") or [])
    words += [w for w in _own_words(text, own_words) if w not in words]
    labels = []
    if _arabic_share(text) >= _ARABIC_SHARE:
        result = _arabic_model()(text)
        if result.get("is_toxic"):
            labels = [label for label in result["labels"] if label != "NOT"]
    return Finding(words=tuple(dict.fromkeys(words)), labels=tuple(labels))


def offensive_load() -> None:
    """Load the word lists and the Arabic model now rather than on first use."""
    _word_filter()
    _arabic_model()
