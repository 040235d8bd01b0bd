"""STOP, START and HELP on an SMS number: recorded before anything else sees the message.

The words are Twilio's standard opt-out keywords, plus French and Arabic ones asked for
by the community (ARRÊT, توقف). Leaving the service is the community's business (the
dispatcher still sees STOP); never texting the number again is this channel's.
"""

import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.channels.types.sms_twilio.models import SmsKeyword

STOP_WORDS = {
    "stop",
    "stopall",
    "unsubscribe",
    "cancel",
    "end",
    "quit",
    "optout",
    "revoke",
    "arret",
    "arreter",
    "توقف",
}
START_WORDS = {"start", "unstop", "demarrer", "ابدأ", "ابدا"}
# The language a HELP word asks to be answered in ("" = the member's language).
HELP_WORDS = {"help": "en", "info": "", "aide": "fr", "مساعدة": "ar", "مساعده": "ar"}
# Twilio's Advanced Opt-Out names the keyword it recognised in `OptOutType`.
OPT_OUT_TYPES = {
    "STOP": SmsKeyword.Kind.STOP,
    "START": SmsKeyword.Kind.START,
    "HELP": SmsKeyword.Kind.HELP,
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .!")


def keyword_of(text: str, opt_out_type: str = "") -> tuple[str, str]:
    """(kind, help language) a message carries, or ("", "") for an ordinary message."""
    if opt_out_type in OPT_OUT_TYPES:
        kind = OPT_OUT_TYPES[opt_out_type]
        return kind, HELP_WORDS.get(_plain(text), "") if kind == SmsKeyword.Kind.HELP else ""
    if len(text or "") > 20:
        return "", ""
    word = _plain(text or "")
    if word in STOP_WORDS:
        return SmsKeyword.Kind.STOP, ""
    if word in START_WORDS:
        return SmsKeyword.Kind.START, ""
    if word in HELP_WORDS:
        return SmsKeyword.Kind.HELP, HELP_WORDS[word]
    return "", ""


def keyword_record(*, channel, address, kind, typed="", message_sid="", at=None) -> bool:
    """Record one keyword from a number; False when this SMS was already recorded."""
    try:
        with transaction.atomic():
            SmsKeyword.objects.create(
                org_id=channel.org_id,
                channel=channel,
                address=address,
                kind=kind,
                typed=(typed or "")[:40],
                message_sid=message_sid,
                at=at or timezone.now(),
            )
    except IntegrityError:
        return False
    return True


def opt_out_of(channel, address) -> SmsKeyword | None:
    """The STOP in force for this number on this channel, or None when it may be texted."""
    latest = (
        SmsKeyword.objects.filter(
            channel=channel, address=address, kind__in=[SmsKeyword.Kind.STOP, SmsKeyword.Kind.START]
        )
        .order_by("-at", "-id")
        .first()
    )
    return latest if latest is not None and latest.kind == SmsKeyword.Kind.STOP else None
