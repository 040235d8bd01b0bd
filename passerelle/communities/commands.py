"""Recognising what a member asks of the service itself: join, rules, leave, report, help,
privacy.

The one vocabulary of the service, for every channel and every language it speaks. Slash
commands work everywhere (`/report@our_bot` too, as Telegram sends it in groups); bare
words (STOP, ARRÊT, توقف, JOIN…) only in a private chat or SMS, where a whole message saying
"stop" is an instruction and not a sentence in a conversation. It includes the words SMS
carriers require (Twilio's STOP, CANCEL, END, QUIT…), so a word the SMS adapter recognised
and one it did not mean the same thing here.
"""

from dataclasses import dataclass

from passerelle.prompts.parsing import plain as _plain

START, RULES, LEAVE, REPORT, HELP = "start", "rules", "leave", "report", "help"
PRIVACY = "privacy"
# A survey being answered (docs/surveys.md): stop it, or take it up again.
STOP_SURVEY, RESUME_SURVEY = "stop_survey", "resume_survey"

SLASH = {
    "start": START,
    "join": START,
    "rejoindre": START,
    "rules": RULES,
    "regles": RULES,
    "leave": LEAVE,
    "quitter": LEAVE,
    "stop": LEAVE,
    "report": REPORT,
    "signaler": REPORT,
    "help": HELP,
    "aide": HELP,
    "privacy": PRIVACY,
    "confidentialite": PRIVACY,
    "resume": RESUME_SURVEY,
    "reprendre": RESUME_SURVEY,
}
# "/stop survey" is not "/stop" (leaving): the second word decides.
STOP_SURVEY_WORDS = {"survey", "enquete", "sondage", "استبيان", "الاستبيان"}
# Whole-message keywords in a private chat or SMS (compared without accents or case).
KEYWORDS = {
    "stop": LEAVE,
    "stopall": LEAVE,
    "cancel": LEAVE,
    "end": LEAVE,
    "quit": LEAVE,
    "optout": LEAVE,
    "revoke": LEAVE,
    "arret": LEAVE,
    "arreter": LEAVE,
    "توقف": LEAVE,
    "unsubscribe": LEAVE,
    "join": START,
    "start": START,
    "unstop": START,
    "demarrer": START,
    "ابدأ": START,
    "ابدا": START,
    "rejoindre": START,
    "inscription": START,
    "انضمام": START,
    "انضم": START,
    "rules": RULES,
    "regles": RULES,
    "قواعد": RULES,
    "الارشادات": RULES,
    "help": HELP,
    "info": HELP,
    "aide": HELP,
    "مساعدة": HELP,
    "مساعده": HELP,
    "privacy": PRIVACY,
    "confidentialite": PRIVACY,
    "vie privee": PRIVACY,
    "الخصوصية": PRIVACY,
    "خصوصية": PRIVACY,
    "الخصوصيه": PRIVACY,
}
# The language a HELP or PRIVACY word asks to be answered in ("" = the member's language).
HELP_LANGUAGES = {
    "help": "en",
    "aide": "fr",
    "مساعدة": "ar",
    "مساعده": "ar",
    "privacy": "en",
    "confidentialite": "fr",
    "vie privee": "fr",
    "الخصوصية": "ar",
    "خصوصية": "ar",
    "الخصوصيه": "ar",
}


@dataclass(frozen=True)
class Command:
    name: str
    # What the person typed, kept in the membership event ("STOP", "/leave"…).
    typed: str
    # HELP and PRIVACY: the language the word asks for ("" = the member's).
    language: str = ""


def parse(text: str, *, private: bool) -> Command | None:
    """The command a message carries, or None for an ordinary message."""
    stripped = (text or "").strip()
    if stripped.startswith("/"):
        word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
        word = _plain(word.split("@", 1)[0])
        name = SLASH.get(word)
        typed = stripped.split(maxsplit=1)[0]
        words = stripped.split()
        if name == LEAVE and len(words) == 2 and _plain(words[1]) in STOP_SURVEY_WORDS:
            return Command(STOP_SURVEY, " ".join(words))
        # `/privacy` is the same command in every language: the member's language answers.
        language = HELP_LANGUAGES.get(word, "") if name == HELP else ""
        return Command(name, typed, language) if name else None
    if private and len(stripped) <= 20:
        word = _plain(stripped)
        if name := KEYWORDS.get(word):
            return Command(name, stripped, HELP_LANGUAGES.get(word, ""))
    return None


# What a platform recognised itself (the adapter's neutral kinds), in this vocabulary.
PLATFORM_KINDS = {"start": START, "opt_out": LEAVE, "opt_in": START, "help": HELP}


def from_platform(kind: str, text: str) -> Command | None:
    """The command a platform keyword event means (Twilio's STOP, Telegram's /start)."""
    name = PLATFORM_KINDS.get(kind)
    if name is None:
        return None
    typed = (text or "").strip()[:40]
    found = parse(text, private=True)
    language = found.language if found is not None and found.name == name else ""
    return Command(name, typed or kind.upper(), language)
