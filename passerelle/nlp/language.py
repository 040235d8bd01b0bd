"""Which language a member wrote in: pycld2 first, py3langid for short texts.

Members write informally and mix scripts; a wrong language is worse than none (it picks
the reply language and counts in the statistics), so doubt answers "" (unknown):
- one or two words say too little;
- Ethiopic script is Tigrinya or Amharic, which neither model tells apart reliably on a
  chat message: ETHIOPIC ("ti|am") lets the moderator choose;
- Dari is Farsi for the service (one "fa");
- Arabic written in Latin letters with digits for sounds ("3likom", "7abibi"), Arabizi,
  is no language either model knows: unknown rather than wrong.
"""

import re
import threading
import unicodedata
from dataclasses import asdict, dataclass

UNKNOWN = ""
ETHIOPIC = "ti|am"
# What a model may answer and the service calls otherwise: Dari (prs, fa-AF) is Farsi.
_SAME = {"prs": "fa", "fa-af": "fa", "iw": "he", "zh-hant": "zh", "nb": "no", "nn": "no"}
# The languages py3langid may answer: those members write plus their neighbours, so a
# short text is not taken for a language nobody here writes (97 otherwise).
_LANGID_LANGUAGES = "ar fa ps ur ku uk ru be bg es pt it fr en de nl ro tr am sw so ti".split()
# What cld2 may answer: members' languages and their neighbours. Anything else from a
# chat message (Khasi for Persian in Latin letters, Javanese for Arabizi) is a guess.
_CLD2_ONLY = frozenset({"so", "ti", "am", "om", "sw", "rw"})
_CLD2_ANSWERS = frozenset(_LANGID_LANGUAGES) | _CLD2_ONLY
# Below this many letters cld2 is rarely "reliable": py3langid decides (or nobody).
_SHORT = 40
_LANGID_SURE = 0.9
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+")
# Arabizi: a Latin word with a digit standing for an Arabic sound (3 ain, 7 ha, 9 qaf,
# 2 hamza, 5 kha), as in "3likom", "7abibi", "n9dar", "sa2al".
_ARABIZI = re.compile(r"^(?=.*[a-z])[a-z]*[23579][a-z0-9]*$")
_SCRIPTS = (
    ("arabic", "ARABIC"),
    ("ethiopic", "ETHIOPIC"),
    ("cyrillic", "CYRILLIC"),
    ("latin", "LATIN"),
)


@dataclass(frozen=True)
class Detection:
    """What was found: the language code ("" unknown), by which model, how sure, and why."""

    language: str
    by: str = ""
    score: float = 0.0
    reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


_lock = threading.Lock()
_langid = None


def _identifier():
    """py3langid's identifier with normalised probabilities, loaded once per process."""
    global _langid
    if _langid is None:
        with _lock:
            if _langid is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                known = set(identifier.labels)
                identifier.set_languages([code for code in _LANGID_LANGUAGES if code in known])
                # set_languages keeps the 142-language table to reset to: never done here,
                # and dropping it frees 27 MB of the worker's 400.
                identifier._full_model = (
                    identifier.nb_ptc,
                    identifier.nb_pc,
                    identifier.nb_classes,
                )
                _langid = identifier
    return _langid


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script, prefix in _SCRIPTS:
        if name.startswith(prefix):
            return script
    return "other"


def _scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script(char)
            counts[script] = counts.get(script, 0) + 1
    return counts


def _code(raw: str) -> str:
    raw = (raw or "").lower()
    return _SAME.get(raw, raw.split("-")[0])


def _cld2(text: str):
    import pycld2

    try:
        reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return "", 0, False
    code, percent = details[0][1], details[0][2]
    if code in ("un", "xxx"):
        return "", 0, False
    return _code(code), percent, reliable


def detect(text: str) -> Detection:
    """The language of a message, with what decided it (`language_of` gives the code)."""
    text = _NOISE.sub(" ", text or "")
    words = _WORD.findall(text)
    lettered = [w for w in words if any(c.isalpha() for c in w)]
    if len(lettered) < 3:
        return Detection(UNKNOWN, reason="too short")
    scripts = _scripts(text)
    letters = sum(scripts.values())
    main, count = max(scripts.items(), key=lambda item: item[1])
    if main == "ethiopic" and count * 2 > letters:
        return Detection(ETHIOPIC, by="script", score=count / letters, reason="Ethiopic script")
    if main == "latin":
        arabizi = [w for w in lettered if _ARABIZI.match(w.lower())]
        if arabizi and len(arabizi) * 5 >= len(lettered):
            return Detection(UNKNOWN, reason="Arabic in Latin letters")
    # Mixed scripts: the language of the script most of the letters are in.
    if count < letters:
        text = "".join(c for c in text if not c.isalpha() or _script(c) == main)
    code, percent, reliable = _cld2(text)
    if reliable and count >= _SHORT and code in _CLD2_ANSWERS:
        return Detection(code, by="cld2", score=percent / 100)
    found, probability = _identifier().classify(text)
    found = _code(found)
    if probability >= _LANGID_SURE or (found == code and probability >= 0.5):
        return Detection(found, by="py3langid", score=round(float(probability), 3))
    if reliable and code in _CLD2_ONLY:
        # py3langid does not know Somali or Tigrinya: cld2 alone, when it is sure.
        return Detection(code, by="cld2", score=percent / 100)
    return Detection(UNKNOWN, score=round(float(probability), 3), reason="not sure")


def language_of(text: str) -> str:
    """The language code of a message: "" when unknown, ETHIOPIC for Tigrinya or Amharic."""
    return detect(text).language


def languages_load() -> None:
    """Load both models now (a worker at start, the benchmark) rather than on first use."""
    import pycld2  # noqa: F401

    _identifier()


def reply_language(code: str) -> str:
    """The language to answer in, from a detection: none for unknown or Tigrinya-or-Amharic
    (a moderator chooses which)."""
    return "" if code in (UNKNOWN, ETHIOPIC) or "|" in code else code
