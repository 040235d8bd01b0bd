"""Writes for members: finding or creating the person behind a platform identity."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from passerelle.members.models import Identity, Member


def member_for_identity(
    *, org, platform: str, address: str, name: str = "", language: str = "", at=None
):
    """The member behind `platform:address`, created on first contact (`at` backdates it)."""
    identity = (
        Identity.objects.select_related("member")
        .filter(org=org, platform=platform, address=address)
        .first()
    )
    if identity is not None:
        member = identity.member
        if language and not member.language:
            member.language = language
            member.save(update_fields=["language"])
        return member, False
    try:
        with transaction.atomic():
            member = Member.objects.create(
                org=org,
                display_name=name or f"{platform}:{address}",
                language=language,
                created_at=at or timezone.now(),
            )
            Identity.objects.create(org=org, member=member, platform=platform, address=address)
            return member, True
    except IntegrityError:
        # Another worker created the same identity a moment ago: use theirs.
        identity = Identity.objects.select_related("member").get(
            org=org, platform=platform, address=address
        )
        return identity.member, False
