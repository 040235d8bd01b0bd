"""The platform-choice checklist (Table 3) and what each platform offers for each factor.

The offers are facts about each platform as Passerelle uses it (through the bot or
business API, not the consumer app), kept here in one table so that docs/setup.md and the
page read the same thing. Platforms change their rules: review this table when an adapter
changes (docs/setup.md says how). The simulator is a test channel, not a platform for
members, and has no column.
"""

from django.utils.translation import gettext_lazy as _

FACTORS = [
    ("used_by_audience", _("The app is used by many people in the target audience.")),
    ("privacy", _("Confidentiality, security and privacy are major concerns.")),
    (
        "correct_others",
        _(
            "I must be able to check the accuracy of what others share, and correct or delete "
            "it if needed."
        ),
    ),
    ("moderate", _("I must be able to moderate the group.")),
    ("many_online", _("I must be able to have a given number of users online at the same time.")),
    ("public_private", _("The app must allow both public and private messages.")),
    (
        "basic_phones",
        _(
            "Many participants have no smartphone or tablet, so the app must work on every "
            "mobile phone and/or landline."
        ),
    ),
    ("limited_plans", _("The app must be usable with limited text and data plans.")),
    ("video", _("The app must allow video (even if not every member will use it).")),
    (
        "languages",
        _("The app must support every language, or a particular language, my audience uses."),
    ),
    ("onboarding", _("I must be able to set up a way to welcome and guide new members.")),
    (
        "remove_members",
        _(
            "Members can easily be removed if they do not follow the guidelines or no longer "
            "want to take part."
        ),
    ),
    (
        "usage_data",
        _(
            "The app lets me collect usage data to improve the service or report on results "
            "(to a funder, for instance)."
        ),
    ),
    ("store_info", _("The app lets me easily store information to consult later.")),
]
FACTOR_KEYS = [key for key, _text in FACTORS]

RATINGS = [
    ("not", _("Not important")),
    ("somewhat", _("Somewhat important")),
    ("very", _("Very important")),
]
RATING_KEYS = [key for key, _text in RATINGS]

KEY_CRITERION = _(
    "Even if every factor you mark “very important” is essential, the key criterion is how "
    "comfortable your audience already is on the platform."
)

PLATFORMS = [
    ("telegram", "Telegram"),
    ("whatsapp", "WhatsApp"),
    ("messenger", "Messenger"),
    ("sms_twilio", "SMS"),
    ("webchat", _("Web chat")),
]

YES, NO, PARTLY, ASK = "yes", "no", "partly", "ask"
VALUES = {
    YES: _("Yes"),
    NO: _("No"),
    PARTLY: _("Partly"),
    ASK: _("Ask your audience"),
}

_APP_NEEDED = _("Needs a smartphone or a computer with the app.")
_DATA = _("Needs a data plan or Wi-Fi; text uses little data.")
_ASK = _("Depends on your audience: ask them which apps they already use.")

# OFFERS[factor][platform] = (value, note)
OFFERS = {
    "used_by_audience": {
        "telegram": (ASK, _ASK),
        "whatsapp": (ASK, _ASK),
        "messenger": (ASK, _ASK),
        "sms_twilio": (YES, _("Every mobile phone receives texts.")),
        "webchat": (ASK, _("A link to open: nothing to install, but new to everyone.")),
    },
    "privacy": {
        "telegram": (NO, _("Bot chats and groups are not end-to-end encrypted.")),
        "whatsapp": (
            PARTLY,
            _("End-to-end encryption ends at the business API, which reads the messages."),
        ),
        "messenger": (NO, _("Conversations with a Page are not end-to-end encrypted.")),
        "sms_twilio": (NO, _("Texts cross the phone networks unencrypted.")),
        "webchat": (PARTLY, _("Encrypted on the way (HTTPS) to your server, not end to end.")),
    },
    "correct_others": {
        "telegram": (YES, _("A bot that is a group admin deletes others' messages.")),
        "whatsapp": (NO, _("The API cannot delete what a member sent.")),
        "messenger": (NO, _("The API cannot delete what a member sent.")),
        "sms_twilio": (NO, _("A text cannot be taken back once sent.")),
        "webchat": (YES, _("Staff delete a post for everyone.")),
    },
    "moderate": {
        "telegram": (YES, _("Delete, restrict and ban as a group admin.")),
        "whatsapp": (PARTLY, _("One-to-one: staff moderate through Passerelle only.")),
        "messenger": (PARTLY, _("One-to-one: staff moderate through Passerelle only.")),
        "sms_twilio": (PARTLY, _("One-to-one: staff moderate through Passerelle only.")),
        "webchat": (YES, _("Passerelle's own page: every moderation tool.")),
    },
    "many_online": {
        "telegram": (YES, _("Groups of up to 200,000 members.")),
        "whatsapp": (NO, _("Groups over 8 people on the WhatsApp API: no.")),
        "messenger": (NO, _("No groups: one-to-one with the Page.")),
        "sms_twilio": (PARTLY, _("Any number, one text each: the cost grows with the group.")),
        "webchat": (YES, _("No limit but your server.")),
    },
    "public_private": {
        "telegram": (YES, _("A group and private chats with the bot.")),
        "whatsapp": (PARTLY, _("Private chats; groups of 8 at most.")),
        "messenger": (PARTLY, _("Private chats only.")),
        "sms_twilio": (PARTLY, _("Private texts; a “group” is a broadcast.")),
        "webchat": (YES, _("A group page and private conversations.")),
    },
    "basic_phones": {
        "telegram": (NO, _APP_NEEDED),
        "whatsapp": (NO, _APP_NEEDED),
        "messenger": (NO, _APP_NEEDED),
        "sms_twilio": (YES, _("Works on every mobile phone.")),
        "webchat": (NO, _("Needs a web browser.")),
    },
    "limited_plans": {
        "telegram": (PARTLY, _DATA),
        "whatsapp": (PARTLY, _DATA),
        "messenger": (PARTLY, _DATA),
        "sms_twilio": (PARTLY, _("No data needed; each text may count against the plan.")),
        "webchat": (PARTLY, _DATA),
    },
    "video": {
        "telegram": (YES, _("Video messages and calls between people.")),
        "whatsapp": (YES, _("Video messages and calls between people.")),
        "messenger": (YES, _("Video messages and calls between people.")),
        "sms_twilio": (NO, _("Text only.")),
        "webchat": (NO, _("Text, pictures and files.")),
    },
    "languages": {
        "telegram": (YES, _("Any script, right to left included.")),
        "whatsapp": (YES, _("Any script, right to left included.")),
        "messenger": (YES, _("Any script, right to left included.")),
        "sms_twilio": (
            PARTLY,
            _("Arabic and accented letters cut a text to 70 characters and cost more."),
        ),
        "webchat": (YES, _("Pages in English, French and Arabic.")),
    },
    "onboarding": {
        "telegram": (YES, _("A welcome message and join questions by the bot.")),
        "whatsapp": (
            PARTLY,
            _("After 24 hours of silence, only approved templates may start a message."),
        ),
        "messenger": (PARTLY, _("After 24 hours of silence, the Page may not write first.")),
        "sms_twilio": (YES, _("A welcome text and join questions.")),
        "webchat": (YES, _("A welcome and join questions on the page.")),
    },
    "remove_members": {
        "telegram": (YES, _("The bot removes and bans from the group.")),
        "whatsapp": (PARTLY, _("Passerelle stops relaying to a removed member.")),
        "messenger": (PARTLY, _("Passerelle stops relaying to a removed member.")),
        "sms_twilio": (PARTLY, _("Passerelle stops relaying to a removed member.")),
        "webchat": (YES, _("A removed member can no longer post.")),
    },
    "usage_data": {
        "telegram": (PARTLY, _("No statistics for bots: Passerelle counts what it relays.")),
        "whatsapp": (PARTLY, _("Delivery and read receipts, and Passerelle's counts.")),
        "messenger": (PARTLY, _("Delivery and read receipts, and Passerelle's counts.")),
        "sms_twilio": (PARTLY, _("Delivery reports, and Passerelle's counts.")),
        "webchat": (YES, _("Passerelle counts everything.")),
    },
    "store_info": {
        "telegram": (YES, _("History in the cloud, pinned messages.")),
        "whatsapp": (PARTLY, _("History on each phone; Passerelle keeps its own copy.")),
        "messenger": (YES, _("History kept by the platform and by Passerelle.")),
        "sms_twilio": (PARTLY, _("History on each phone; Passerelle keeps its own copy.")),
        "webchat": (YES, _("History kept by Passerelle under its retention rules.")),
    },
}


def ordered_platforms(connected: set[str]) -> list[tuple[str, str, bool]]:
    """(type, name, connected) with the service's connected platforms first."""
    first = [(key, name, True) for key, name in PLATFORMS if key in connected]
    rest = [(key, name, False) for key, name in PLATFORMS if key not in connected]
    return first + rest


def offers_for(factor: str, platforms) -> list[tuple[str, str, str]]:
    """(value key, value label, note) of each platform, in the platforms' order."""
    cells = []
    for key, _name, _connected in platforms:
        value, note = OFFERS[factor][key]
        cells.append((value, VALUES[value], note))
    return cells
