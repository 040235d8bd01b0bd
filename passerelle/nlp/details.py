"""Personal details in a text: phone numbers, e-mail addresses, links, immigration and
government numbers, postal codes.

Pure functions (text, regions → kinds found); moderation.details decides what a finding
means for a group post. `details_suspected` needs no regions, so every message passes it
at no cost; only a run of digits asks the phone-number library, with the regions of the
members' own numbers (a Moroccan "06…" is no Canadian number).

Numbers that say nothing alone are anchored by a keyword near them, in the languages
members write: a UCI ("UCI", "client ID", "IUC", "numéro de client", "رقم"), an IRCC
application number ("E000123456" near "application", "IRCC", "demande", "طلب"…). A SIN is
nine digits that pass the Luhn check; a postal code is the Canadian A1A 1A1 format (in
capitals, or after "postal code" / "code postal").
"""

import re
import unicodedata

import phonenumbers

PHONE, EMAIL, LINK = "phone", "email", "link"
UCI, APPLICATION, SIN, POSTAL_CODE = "uci", "ircc", "sin", "postal"
# The order findings are given in (Report.detected keeps it, comma-separated).
KINDS = (PHONE, EMAIL, LINK, UCI, APPLICATION, SIN, POSTAL_CODE)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:t\.me|wa\.me|chat\.whatsapp\.com|bit\.ly|facebook\.com|instagram\.com)/\S*"
    r"|\b[\w-]+\.(?:com|ca|org|net|info|io|me|ly|link|app)(?:/\S*)?\b",
    re.IGNORECASE,
)
# Seven digits or more, with the separators people type between them: only then is the
# phone-number library asked (a price, a year or a date usually stops here or there).
_DIGIT_RUN = re.compile(r"\+?\d(?:[\d\s().\-/]*\d){6,}")
# A date is no phone number, though "2026-01-15" is a valid one in Tunisia; nor is a span
# of years ("2026-2027", eight digits like a number in Haiti).
_DATE = re.compile(
    r"\b(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d"
    r"|(?:19|20)\d\d\s?[-–/]\s?(?:19|20)\d\d)\b"
)

# A keyword, then at most a few words before the number (": ", "is ", "est le ", "هو ").
_NEAR = r"[^\d\n]{0,25}?"
_UCI_WORDS = (
    r"\bUCI\b|\bIUC\b|client\s*(?:id|number|no\.?|#)|numéro\s+(?:de\s+)?client"
    r"|identifiant\s+(?:unique\s+)?(?:de\s+)?client|رقم|شماره|номер"
)
# A UCI is 8 digits (old: 4-4) or 10 (2-4-4), separators optional.
_UCI = re.compile(
    rf"(?:{_UCI_WORDS}){_NEAR}(?<!\d)(\d{{2}}[\s-]?\d{{4}}[\s-]?\d{{4}}|\d{{4}}[\s-]?\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# An application number: a letter for the office or the kind (E, W, F, V, B, N, X…)
# and nine digits or more; alone it could be a product code, so a keyword must be near.
_APPLICATION_NUMBER = re.compile(r"\b[A-Z]{1,2}\d{9,10}\b", re.IGNORECASE)
_APPLICATION_WORDS = re.compile(
    r"application|\bIRCC\b|\bCIC\b|demande|dossier|\bfile\b|permit|permis|visa|طلب|ملف|درخواست|پرونده|заяв",
    re.IGNORECASE,
)
_APPLICATION_REACH = 40
# Nine digits as a SIN is written: 123 456 789, 123-456-789 or 123456789, alone.
_SIN = re.compile(r"(?<![\d\-])(\d{3})[ \-]?(\d{3})[ \-]?(\d{3})(?![\d\-])")
_SIN_WORDS = re.compile(
    r"\bSIN\b|\bNAS\b|social\s+insurance|assurance\s+sociale|الضمان\s+الاجتماعي|التأمين\s+الاجتماعي",
    re.IGNORECASE,
)
# Canada's postal code letters (D, F, I, O, Q, U never; W and Z never first).
_POSTAL = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d"
_POSTAL_CODE = re.compile(rf"\b{_POSTAL}\b")
_POSTAL_AFTER_WORD = re.compile(
    rf"(?:postal\s+code|code\s+postal|الرمز\s+البريدي|کد\s+پستی){_NEAR}\b({_POSTAL})\b",
    re.IGNORECASE,
)


# The countries newcomers writing each language often come from, for phone numbers written
# the local way (a list to extend: more regions also mean more digit runs taken for numbers).
LANGUAGE_REGIONS = {
    "ar": ("SY", "IQ", "LB", "JO", "EG", "SD", "YE", "MA", "DZ", "TN", "LY", "PS"),
    "fa": ("IR", "AF"),
    "prs": ("AF",),
    "ps": ("AF",),
    "uk": ("UA",),
    "ru": ("UA", "RU"),
    "es": ("MX", "CO", "VE", "HN", "SV", "GT", "CU"),
    "so": ("SO", "ET", "KE"),
    "ti": ("ER", "ET"),
    "am": ("ET",),
    "fr": ("FR", "HT", "CD", "CM", "CI", "BI", "RW"),
    "sw": ("CD", "KE", "TZ", "BI"),
}


def regions_of_languages(languages) -> list[str]:
    """The regions whose local phone numbers a service in these languages may see."""
    regions = []
    for language in languages or ():
        regions.extend(LANGUAGE_REGIONS.get(language, ()))
    return list(dict.fromkeys(regions))


def digits_normalise(text: str) -> str:
    """Arabic-Indic, Persian and other decimal digits as ASCII ("٠٦١٣" → "0613")."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text
    )


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check (SINs and card numbers do)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _phone_candidate(text: str) -> bool:
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _DIGIT_RUN.finditer(text))


def _phones(text: str, regions) -> bool:
    for region in regions:
        for _match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            return True
    return False


def _application(text: str) -> bool:
    for match in _APPLICATION_NUMBER.finditer(text):
        start, end = match.start(), match.end()
        near = text[max(0, start - _APPLICATION_REACH) : end + _APPLICATION_REACH]
        if _APPLICATION_WORDS.search(near):
            return True
    return False


def _sins(text: str) -> list[str]:
    anchored = bool(_SIN_WORDS.search(text))
    found = []
    for match in _SIN.finditer(text):
        digits = "".join(match.groups())
        # No SIN begins with 0 or 8; unanchored, a bare run must look written as one.
        if digits[0] in "08" and not anchored:
            continue
        if luhn_valid(digits):
            found.append(match.group())
    return found


def _without(text: str, pattern) -> str:
    return pattern.sub(" ", text)


def details_suspected(text: str) -> set[str]:
    """What a text may carry, found without the members' regions (phones still to parse)."""
    text = digits_normalise(text or "")
    found = set()
    if _EMAIL.search(text):
        found.add(EMAIL)
        # The address's domain is not a link of its own.
        text = _without(text, _EMAIL)
    if _LINK.search(text):
        found.add(LINK)
    if _UCI.search(text):
        found.add(UCI)
        text = _without(text, _UCI)
    if _application(text):
        found.add(APPLICATION)
        text = _without(text, _APPLICATION_NUMBER)
    sins = _sins(text)
    if sins:
        found.add(SIN)
        for sin in sins:
            text = text.replace(sin, " ")
    if _POSTAL_CODE.search(text) or _POSTAL_AFTER_WORD.search(text):
        found.add(POSTAL_CODE)
    if _phone_candidate(_without(text, _DATE)):
        found.add(PHONE)
    return found


def _phone_text(text: str) -> str:
    """The text the phone numbers are looked for in: without what was found as another
    kind (a UCI or a SIN is a run of digits too)."""
    text = _without(digits_normalise(text or ""), _EMAIL)
    text = _without(text, _UCI)
    text = _without(text, _APPLICATION_NUMBER)
    for sin in _sins(text):
        text = text.replace(sin, " ")
    return _without(text, _DATE)


def details_found(text: str, regions) -> list[str]:
    """The kinds of personal details in a text (KINDS order), phones parsed for `regions`."""
    found = details_suspected(text)
    if PHONE in found and not _phones(_phone_text(text), regions):
        found.discard(PHONE)
    return [kind for kind in KINDS if kind in found]
