"""Writes for members: the person behind a platform identity, their consents, the log of
staff opening their data, and blanking the person when their data is erased."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.outgoing_files import outgoing_files_delete
from passerelle.common.text import masked
from passerelle.members.models import ConsentEvent, Identity, Member, StaffAccess
from passerelle.members.selectors import identity_get, member_created_now
from passerelle.orgs.permissions import require


def default_name(platform: str, address: str) -> str:
    """What a person who gave no name is called: the platform and the end of the address
    (`tel •••• 0101`), so a phone number never becomes a name every page shows."""
    return f"{platform} {masked(address)}"


def member_for_identity(
    *,
    org,
    platform: str,
    address: str,
    name: str = "",
    language: str = "",
    at=None,
    unknown: bool = False,
):
    """The member behind `platform:address`, created on first contact (`at` backdates it).

    `unknown`: the caller has just looked and found no such identity (it is not looked up
    again; one created meanwhile by another worker is still found, by its constraint)."""
    identity = (
        None
        if unknown
        else Identity.objects.select_related("member")
        .filter(org=org, platform=platform, address=address)
        .first()
    )
    if identity is not None:
        member = identity.member
        member_language_fill(member=member, language=language)
        return member, False
    try:
        with transaction.atomic():
            member = Member.objects.create(
                org=org,
                display_name=(name or default_name(platform, address))[:200],
                language=language,
                created_at=at or timezone.now(),
            )
            Identity.objects.create(org=org, member=member, platform=platform, address=address)
            member_created_now(member)
            return member, True
    except IntegrityError:
        # Another worker created the same identity a moment ago: use theirs.
        identity = Identity.objects.select_related("member").get(
            org=org, platform=platform, address=address
        )
        return identity.member, False


def member_language_fill(*, member, language: str = "") -> None:
    """Take the language a platform reports for a member who has none yet."""
    if language and not member.language:
        member.language = language
        member.save(update_fields=["language"])


# -- consent --------------------------------------------------------------------------


def consent_record(
    *,
    service,
    member,
    purpose: str,
    action: str,
    version: str = "",
    via: str = "",
    recorded_by=None,
    note: str = "",
    at=None,
    scope: str = "",
    document=None,
) -> ConsentEvent:
    """Record one consent event (given, declined, withdrawn, or a notice sent); `scope`
    narrows it ("partner:12"), `document` is the scanned paper form (an OutgoingFile)."""
    if purpose not in ConsentEvent.Purpose.values:
        raise ValidationError(_("Unknown consent purpose."))
    if action not in ConsentEvent.Action.values:
        raise ValidationError(_("Unknown consent action."))
    return ConsentEvent.objects.create(
        org_id=service.org_id,
        service=service,
        member=member,
        purpose=purpose,
        action=action,
        version=str(version or "")[:40],
        via=(via or "")[:40],
        recorded_by=recorded_by,
        note=(note or "").strip()[:300],
        scope=(scope or "")[:60],
        document=document,
        created_at=at or timezone.now(),
    )


def member_rename(*, member, name: str) -> None:
    """Change the name staff know the person by (the client file's edit form)."""
    name = (name or "").strip()[:200]
    if not name:
        raise ValidationError(_("Give the person's name."))
    if member.is_erased:
        raise ValidationError(_("This person's data was erased."))
    Member.objects.filter(pk=member.pk).update(display_name=name)
    member.display_name = name


def member_languages_set(*, member, language: str) -> None:
    """The language the person is written to in (the first of their file's languages)."""
    if language and language != member.language:
        Member.objects.filter(pk=member.pk).update(language=language)
        member.language = language


# How staff heard a consent or its withdrawal (the `via` of a row they record).
STAFF_VIA = {
    "in_person": "staff:in_person",
    "phone": "staff:phone",
    "paper": "staff:paper",
    "message": "staff:message",
}


def consent_record_by_staff(
    *, role, member, purpose: str, action: str, how: str, note: str = ""
) -> ConsentEvent:
    """A moderator or administrator records what the person said in person, by phone,
    on a paper form or in a message (a purpose the person answers yes or no to)."""
    require(role, "moderate")
    if purpose not in ConsentEvent.ASKED:
        raise ValidationError(_("This consent is recorded by the service itself."))
    if action not in (
        ConsentEvent.Action.GIVEN,
        ConsentEvent.Action.DECLINED,
        ConsentEvent.Action.WITHDRAWN,
    ):
        raise ValidationError(_("Unknown consent action."))
    if how not in STAFF_VIA:
        raise ValidationError(_("Say how the person told you."))
    if member.is_erased:
        raise ValidationError(_("This person's data was erased."))
    return consent_record(
        service=role.service,
        member=member,
        purpose=purpose,
        action=action,
        via=STAFF_VIA[how],
        recorded_by=role.user,
        note=note,
    )


# -- staff access ---------------------------------------------------------------------


def staff_access_record(*, service, member, user, kind: str, detail: str = "", at=None):
    """Log that a staff member (None: an operator at the command line) opened a member's
    data; the log says what kind of access, never the data itself."""
    return StaffAccess.objects.create(
        org_id=service.org_id,
        service=service,
        member=member,
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        detail=(detail or "")[:40],
        created_at=at or timezone.now(),
    )


def identity_reveal(*, role, identity_id) -> Identity:
    """Show one address to a staff member allowed to see it, and log that they saw it."""
    require(role, "reveal")
    identity = identity_get(role, identity_id)
    staff_access_record(
        service=role.service,
        member=identity.member,
        user=role.user,
        kind=StaffAccess.Kind.REVEAL,
        detail=identity.platform,
    )
    return identity


# -- erasure --------------------------------------------------------------------------


def erased_placeholder() -> str:
    """An address that stands for an erased one: random, so nothing leads back to it."""
    return f"erased-{secrets.token_hex(12)}"


def member_personal_erase(*, member, at=None) -> list[tuple[str, str]]:
    """Blank the person's own fields: name, addresses (replaced by random placeholders),
    consent notes. Returns the (platform, address) pairs they had, for the pipeline to
    erase what it keeps by address. Called inside privacy.erasure's transaction."""
    at = at or timezone.now()
    addresses = list(member.identities.values_list("platform", "address"))
    for identity in member.identities.all():
        Identity.objects.filter(pk=identity.pk).update(address=erased_placeholder())
    Member.objects.filter(pk=member.pk).update(display_name=Member.ERASED_NAME, erased_at=at)
    # The signed forms go with the notes: what the person agreed to stays, not the paper.
    documents = list(
        ConsentEvent.objects.filter(member=member, document__isnull=False).values_list(
            "document_id", flat=True
        )
    )
    ConsentEvent.objects.filter(member=member).update(note="", document=None)
    outgoing_files_delete(org_id=member.org_id, ids=documents)
    member.display_name, member.erased_at = Member.ERASED_NAME, at
    return [(platform, address) for platform, address in addresses if address]
