"""The keywords Twilio itself acts on: STOP, START and HELP, as neutral events.

Twilio blocks a number that texted one of its opt-out words and says so in `OptOutType`
(Advanced Opt-Out); the words below are the ones Twilio documents for every account. The
adapter recognises only these, the platform's own: what leaving, joining or asking for help
means for the service is decided by routing, with the service's vocabulary in every
language it speaks (communities.commands), which covers these words too.
"""

import unicodedata

from passerelle.channels.types.base import InboundEvent

STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke"}
START_WORDS = {"start", "unstop"}
HELP_WORDS = {"help", "info"}
# Twilio's Advanced Opt-Out names the keyword it recognised in `OptOutType`.
OPT_OUT_TYPES = {
    "STOP": InboundEvent.OPT_OUT,
    "START": InboundEvent.OPT_IN,
    "HELP": InboundEvent.HELP,
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip(" .!")


def keyword_of(text: str, opt_out_type: str = "") -> str:
    """The neutral event kind a message carries, or "" for an ordinary message."""
    if opt_out_type in OPT_OUT_TYPES:
        return OPT_OUT_TYPES[opt_out_type]
    if len(text or "") > 20:
        return ""
    word = _plain(text or "")
    if word in STOP_WORDS:
        return InboundEvent.OPT_OUT
    if word in START_WORDS:
        return InboundEvent.OPT_IN
    if word in HELP_WORDS:
        return InboundEvent.HELP
    return ""
