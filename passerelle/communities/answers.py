"""Reading a person's reply to an intake question, as typed on any phone.

A reply is a number (Western, Arabic-Indic or Persian digits, as SMS users type them), an
option's label in any language, or a yes/no word; optional questions accept 0 / "skip" to
move on. The reading itself is the prompt engine's (passerelle.prompts.parsing): one parser
for every question Passerelle asks.
"""

from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.prompts.parsing import SHORT_TEXT_MAX, normalize
from passerelle.prompts.parsing import parse as prompt_parse

MAX_TEXT = SHORT_TEXT_MAX
__all__ = ["MAX_TEXT", "normalize", "parse"]


def parse(text: str, options, *, optional: bool = False, yes_no: bool = False):
    """(value, skipped) for a valid reply, None when it cannot be read.

    `options` is [(value, label), …] in the order shown (1, 2, …); empty for free text.
    """
    if not options:
        kind = "short_text"
    else:
        kind = "yes_no" if yes_no else "choice"
    answer = prompt_parse(
        text,
        kind=kind,
        options=[
            # A language is also named by its own name ("Français" for fr).
            {"value": value, "labels": {"": label}, "words": [LANGUAGE_NAMES.get(value, "")]}
            for value, label in options
        ],
        skippable=optional,
    )
    return None if answer is None else (answer.value, answer.skipped)
