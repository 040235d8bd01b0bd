"""Personal details posted in the group: phone numbers, e-mail addresses, links.

The guidelines forbid personal details in the group; a post that carries one goes to the
moderation queue with a suggested action (move to a private conversation). Every group
message passes here, so the test is pure Python first and costs no statement: only a post
with something that looks like a detail reads the members' regions (phone numbers) and
writes a report.
"""

import re
import unicodedata

import phonenumbers
from django.utils import timezone

from passerelle.members.models import Identity
from passerelle.moderation.models import Report

PHONE, EMAIL, LINK = "phone", "email", "link"
# Canada is where every service runs; members' own numbers add the regions they come from.
HOME_REGION = "CA"
# Platforms whose addresses are phone numbers (E.164).
PHONE_PLATFORMS = ("tel", "whatsapp")

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


def digits_normalise(text: str) -> str:
    """Arabic-Indic, Persian and other decimal digits as ASCII ("٠٦١٣" → "0613")."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in text
    )


def _phone_candidate(text: str) -> bool:
    return any(sum(c.isdigit() for c in m.group()) >= 7 for m in _DIGIT_RUN.finditer(text))


def _phones(text: str, regions) -> bool:
    for region in regions:
        for _match in phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        ):
            return True
    return False


def details_suspected(text: str) -> set[str]:
    """What a text may carry, found without the members' regions (no statement)."""
    text = digits_normalise(text or "")
    found = set()
    if _EMAIL.search(text):
        found.add(EMAIL)
        # The address's domain is not a link of its own.
        text = _EMAIL.sub(" ", text)
    if _LINK.search(text):
        found.add(LINK)
    if _phone_candidate(text):
        found.add(PHONE)
    return found


def details_found(text: str, regions) -> list[str]:
    """The kinds of personal details in a text, phone numbers parsed for `regions`."""
    found = details_suspected(text)
    if PHONE in found and not _phones(_EMAIL.sub(" ", digits_normalise(text)), regions):
        found.discard(PHONE)
    return [kind for kind in (PHONE, EMAIL, LINK) if kind in found]


def member_regions(service_id) -> list[str]:
    """Canada, then the countries of the service's members' phone numbers (most first)."""
    counts: dict[str, int] = {}
    addresses = Identity.objects.filter(
        platform__in=PHONE_PLATFORMS, member__memberships__service_id=service_id
    ).values_list("address", flat=True)
    for address in addresses:
        number = address if address.startswith("+") else "+" + address
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
        except phonenumbers.NumberParseException:
            continue
        if region and region != HOME_REGION:
            counts[region] = counts.get(region, 0) + 1
    return [HOME_REGION, *sorted(counts, key=lambda r: (-counts[r], r))]


def personal_details_flag(*, message, at=None) -> Report | None:
    """Queue a group post that carries personal details, suggesting a private conversation.

    Nothing is read or written for a post with no suspect: the regions are read only when a
    run of digits needs them.
    """
    suspected = details_suspected(message.text)
    if not suspected:
        return None
    regions = member_regions(message.service_id) if PHONE in suspected else [HOME_REGION]
    kinds = details_found(message.text, regions)
    if not kinds:
        return None
    return Report.objects.create(
        org_id=message.org_id,
        service_id=message.service_id,
        message=message,
        source=Report.Source.SYSTEM,
        detected=",".join(kinds),
        suggested_action=Report.Suggestion.MOVE_PRIVATE,
        created_at=at or timezone.now(),
    )
