"""Reading a member's reply to a prompt, as typed on any phone.

A reply is a number (Latin, Arabic-Indic or Persian digits, as SMS users type them), an
option's word in any language, a yes/no word, or text; a skippable prompt takes 0 / "skip".
Pure functions: nothing here reads or writes the database.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Arabic-Indic and Extended Arabic-Indic (Persian/Urdu) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TRIM = " \t\r\n.!?,;:،؛؟\"'«»()[]"
SHORT_TEXT_MAX = 500
FREE_TEXT_MAX = 2000
SCALE = range(1, 6)
# Past this length a reply is a message, not "yes" with a few words after it.
PHRASE_MAX = 40

YES_WORDS = {"yes", "y", "ok", "oui", "o", "نعم", "ايوه", "أيوه", "اي", "أجل", "موافق"}
NO_WORDS = {"no", "n", "non", "لا", "كلا"}
SKIP_WORDS = {"0", "skip", "passer", "تخطي", "تخطى"}
# Between the numbers of a multiple choice: "1 3", "1, 3", "1 et 3", "١ و ٣".
_MULTI_SEPARATORS = re.compile(r"[\s,;/+&،؛]+|\b(?:and|et)\b|(?<!\S)و(?!\S)")


@dataclass
class Answer:
    """What a reply means: `value` (a list for multi, the digits of the number for scale
    and number), what was typed, whether it skipped, and the question as it was asked."""

    value: str | list[str]
    raw: str
    skipped: bool = False
    wording: str = ""
    language: str = ""
    # The stored inbound message that answered, when the answer came in a conversation.
    message: object = field(default=None, compare=False)
    # Whether what the owner says back is sent (False: a conversation recorded, the demo).
    send: bool = field(default=True, compare=False)


def normalize(text: str) -> str:
    """Lowercase, Western digits, no diacritics or tatweel, no surrounding punctuation."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DIGITS)
    # Arabic harakat and tatweel change nothing to the word a person meant.
    text = re.sub(r"[\u064b-\u065f\u0670\u0640]", "", text)
    return " ".join(text.casefold().strip(_TRIM).split())


def plain(text: str) -> str:
    """normalize, without accents: "Arrêt" and "arret" are one answer on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


YES_NO_OPTIONS = [
    {"value": "yes", "labels": {"en": "Yes", "fr": "Oui", "ar": "نعم"}},
    {"value": "no", "labels": {"en": "No", "fr": "Non", "ar": "لا"}},
]


def options_of(kind: str, options) -> list[dict]:
    """The options a prompt numbers: its own, or Yes / No for a yes/no prompt without any."""
    if not options and kind == "yes_no":
        return YES_NO_OPTIONS
    return list(options or ())


def _names(option: dict) -> set[str]:
    names = {plain(option["value"])}
    names |= {plain(label) for label in (option.get("labels") or {}).values()}
    names |= {plain(word) for word in option.get("words") or ()}
    if option["value"] == "yes":
        names |= {plain(word) for word in YES_WORDS}
    elif option["value"] == "no":
        names |= {plain(word) for word in NO_WORDS}
    return names - {""}


def _option(word: str, options: list[dict]) -> str | None:
    """The value of the option `word` names (its number, a label, a word), or None."""
    if word.isdigit():
        number = int(word)
        return options[number - 1]["value"] if 1 <= number <= len(options) else None
    for option in options:
        if word in _names(option):
            return option["value"]
    return None


def _option_phrase(word: str, options: list[dict]) -> str | None:
    # "oui merci", "1 thanks", "not yet…": the longest option word the reply starts with
    # ("not yet" before "no").
    word = " ".join(re.findall(r"\w+", word))
    if not word or len(word) > PHRASE_MAX:
        return None
    named = [(name, option["value"]) for option in options for name in _names(option)]
    named += [(str(n), option["value"]) for n, option in enumerate(options, 1)]
    for name, value in sorted(named, key=lambda pair: -len(pair[0])):
        if word == name or word.startswith(name + " "):
            return value
    return None


def parse(
    text: str,
    *,
    kind: str,
    options=(),
    skippable: bool = False,
    wording: str = "",
    language: str = "",
) -> Answer | None:
    """The Answer a reply gives to a prompt of `kind`, or None when it answers nothing."""
    raw = (text or "").strip()
    word = plain(raw)
    answer = {"raw": raw, "wording": wording, "language": language}
    if skippable and word in SKIP_WORDS:
        return Answer(value=[] if kind == "multi" else "", skipped=True, **answer)
    if not word:
        return None
    options = options_of(kind, options)
    if kind in ("choice", "yes_no"):
        value = _option(word, options) or _option_phrase(word, options)
        return None if value is None else Answer(value=value, **answer)
    if kind == "multi":
        values = []
        for part in filter(None, _MULTI_SEPARATORS.split(word)):
            value = _option(part, options)
            if value is None:
                return None
            if value not in values:
                values.append(value)
        return Answer(value=values, **answer) if values else None
    if kind == "scale":
        if word.isdigit() and int(word) in SCALE:
            return Answer(value=str(int(word)), **answer)
        value = _option(word, options) if options and not word.isdigit() else None
        return None if value is None else Answer(value=value, **answer)
    if kind == "number":
        if re.fullmatch(r"-?\d+", word.replace(" ", "")):
            return Answer(value=str(int(word.replace(" ", ""))), **answer)
        return None
    limit = SHORT_TEXT_MAX if kind == "short_text" else FREE_TEXT_MAX
    return Answer(value=raw[:limit], **answer)
