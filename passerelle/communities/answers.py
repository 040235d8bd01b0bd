"""Reading a person's reply to an intake question, as typed on any phone.

A reply is a number (Western or Arabic-Indic digits, as SMS users type them), an option's
label in any language, or a yes/no word; optional questions accept 0 / "skip" to move on.
"""

import re
import unicodedata

from passerelle.communities.texts import LANGUAGE_NAMES, NO_WORDS, SKIP_WORDS, YES_WORDS

# Arabic-Indic and Extended Arabic-Indic (Persian/Urdu) digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TRIM = " \t\r\n.!?,;:،؛؟\"'«»()[]"
MAX_TEXT = 500


def normalize(text: str) -> str:
    """Lowercase, Western digits, no diacritics or tatweel, no surrounding punctuation."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DIGITS)
    # Arabic harakat and tatweel change nothing to the word a person meant.
    text = re.sub(r"[\u064b-\u065f\u0670\u0640]", "", text)
    return " ".join(text.casefold().strip(_TRIM).split())


def _plain(text: str) -> str:
    # "Arrêt" and "arret" are the same answer on a keyboard without accents.
    decomposed = unicodedata.normalize("NFKD", normalize(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(text: str, options, *, optional: bool = False, yes_no: bool = False):
    """(value, skipped) for a valid reply, None when it cannot be read.

    `options` is [(value, label), …] in the order shown (1, 2, …); empty for free text.
    """
    word = normalize(text)
    if optional and (word in SKIP_WORDS or _plain(text) in SKIP_WORDS):
        return "", True
    if not options:
        cleaned = (text or "").strip()
        return (cleaned[:MAX_TEXT], False) if cleaned else None
    if word.isdigit():
        number = int(word)
        return (options[number - 1][0], False) if 1 <= number <= len(options) else None
    plain = _plain(text)
    for value, label in options:
        names = {_plain(value), _plain(label), _plain(LANGUAGE_NAMES.get(value, ""))}
        if plain in names - {""}:
            return value, False
    if yes_no:
        values = {value for value, _label in options}
        if word in YES_WORDS and "yes" in values:
            return "yes", False
        if word in NO_WORDS and "no" in values:
            return "no", False
    return None
