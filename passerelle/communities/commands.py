"""Recognising what a member asks of the service itself: join, rules, leave, report.

Slash commands work everywhere (`/report@our_bot` too, as Telegram sends it in groups);
bare words (STOP, ARRÊT, توقف, JOIN…) only in a private chat or SMS, where a whole message
saying "stop" is an instruction and not a sentence in a conversation.
"""

from dataclasses import dataclass

from passerelle.communities.answers import _plain

START, RULES, LEAVE, REPORT = "start", "rules", "leave", "report"

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
}
# Whole-message keywords in a private chat or SMS (compared without accents or case).
KEYWORDS = {
    "stop": LEAVE,
    "arret": LEAVE,
    "arreter": LEAVE,
    "توقف": LEAVE,
    "unsubscribe": LEAVE,
    "join": START,
    "start": START,
    "rejoindre": START,
    "inscription": START,
    "انضمام": START,
    "انضم": START,
    "rules": RULES,
    "regles": RULES,
    "قواعد": RULES,
    "الارشادات": RULES,
}


@dataclass(frozen=True)
class Command:
    name: str
    # What the person typed, kept in the membership event ("STOP", "/leave"…).
    typed: str


def parse(text: str, *, private: bool) -> Command | None:
    """The command a message carries, or None for an ordinary message."""
    stripped = (text or "").strip()
    if stripped.startswith("/"):
        word = stripped[1:].split(maxsplit=1)[0] if len(stripped) > 1 else ""
        name = SLASH.get(_plain(word.split("@", 1)[0]))
        return Command(name, stripped.split(maxsplit=1)[0]) if name else None
    if private and len(stripped) <= 20:
        name = KEYWORDS.get(_plain(stripped))
        if name:
            return Command(name, stripped)
    return None
