"""Personal details posted in the group: phone numbers, e-mail addresses, links, UCI and
IRCC application numbers, SINs, postal codes.

The guidelines forbid personal details in the group; a post that carries one goes to the
moderation queue with a suggested action (move to a private conversation). What counts as a
detail is found by passerelle.nlp.details (pure functions); this module decides for a group
post. Every group message passes here, so the test is pure Python first and costs no
statement: only a post with something that looks like a detail reads the members' regions
(phone numbers) and writes a report.
"""

import phonenumbers
from django.utils import timezone

from passerelle.members.models import Identity
from passerelle.moderation.models import Report
from passerelle.nlp.details import PHONE, details_found, details_suspected, regions_of_languages

# Canada is where every service runs; members' own numbers add the regions they come from.
HOME_REGION = "CA"
# Platforms whose addresses are phone numbers (E.164).
PHONE_PLATFORMS = ("tel", "whatsapp")


def member_regions(service_id, languages=()) -> list[str]:
    """Canada, the countries of the service's members' phone numbers (most first), then
    those where the service's languages are spoken: Telegram and the web chat show no
    number, and an Arabic-speaking group's "06…" is Moroccan or Algerian, not Canadian."""
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
    regions = [HOME_REGION, *sorted(counts, key=lambda r: (-counts[r], r))]
    return list(dict.fromkeys([*regions, *regions_of_languages(languages)]))


def personal_details_flag(*, message, at=None) -> Report | None:
    """Queue a group post that carries personal details, suggesting a private conversation.

    Nothing is read or written for a post with no suspect: the regions are read only when a
    run of digits needs them. Off when the service turned the part off (Service.assistance).
    """
    if not message.service.assistance_on("personal_details"):
        return None
    suspected = details_suspected(message.text)
    if not suspected:
        return None
    service = message.service
    regions = member_regions(service.pk, service.languages) if PHONE in suspected else [HOME_REGION]
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
