"""The languages a member's message may be found in, as the inbox names them.

passerelle.nlp.language answers a code; these are the ones a moderator picks from to
correct it (members write these, and "Tigrinya or Amharic" stays a choice to make).
"""

from django.utils.translation import gettext_lazy as _

from passerelle.nlp.language import ETHIOPIC

DETECTED_LANGUAGES = {
    "ar": _("Arabic"),
    "fa": _("Farsi / Dari"),
    "ps": _("Pashto"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "es": _("Spanish"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "am": _("Amharic"),
    ETHIOPIC: _("Tigrinya or Amharic"),
    "sw": _("Swahili"),
    "fr": _("French"),
    "en": _("English"),
}


def detected_language_name(code: str) -> str:
    """A detected language's name in the reader's language (the code when unlisted)."""
    return str(DETECTED_LANGUAGES.get(code, code))
