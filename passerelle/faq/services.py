"""Writes for the FAQ: entries with their phrasings, and their verification dates."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.faq.embedding import entry_embed
from passerelle.faq.models import FaqEntry, FaqPhrasing
from passerelle.orgs.permissions import require

# How long a verified answer stays trusted by default before someone checks it again.
REVIEW_AFTER = timedelta(days=182)


def faq_entry_save(*, role, entry: FaqEntry, phrasings: dict[str, list[str]]) -> FaqEntry:
    """Create or update an entry of the role's service and replace its phrasings."""
    require(role, "moderate")
    if entry.pk and entry.service_id != role.service_id:
        raise PermissionDenied(_("This FAQ entry belongs to another service."))
    entry.org_id, entry.service_id = role.org_id, role.service_id
    return entry_write(entry=entry, phrasings=phrasings, user=role.user)


def entry_write(*, entry: FaqEntry, phrasings: dict[str, list[str]], user=None) -> FaqEntry:
    """Check and save an entry of `entry.service` with its phrasings and vectors.

    faq_entry_save (a moderator) and faq.transfer's import (the operator, no role) both
    come here, so an entry is checked and embedded the same way whoever writes it.
    """
    cleaned = {lang: [p.strip() for p in lines if p.strip()] for lang, lines in phrasings.items()}
    if not any(cleaned.values()):
        raise ValidationError(_("Write at least one way members ask this question."))
    entry.answers = {k: v.strip() for k, v in (entry.answers or {}).items() if (v or "").strip()}
    if not entry.answers:
        raise ValidationError(_("Write the answer in at least one language."))
    if not entry.pk:
        entry.created_by = user
    entry.updated_by = user
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        entry.phrasings.all().delete()
        FaqPhrasing.objects.bulk_create(
            FaqPhrasing(org_id=entry.org_id, entry=entry, language=lang, text=text[:500])
            for lang, lines in cleaned.items()
            for text in lines
        )
        # In the same transaction: an entry is never saved with the vectors of its old text.
        getattr(entry, "_prefetched_objects_cache", {}).pop("phrasings", None)
        entry_embed(entry)
    return entry


def faq_entry_mark_verified(*, role, entry: FaqEntry, review_by=None) -> FaqEntry:
    """Someone checked the answer today: it is trusted again until `review_by`."""
    require(role, "moderate")
    if entry.service_id != role.service_id:
        raise PermissionDenied(_("This FAQ entry belongs to another service."))
    today = timezone.localdate(timezone=role.service.tz)
    review_by = review_by or today + REVIEW_AFTER
    if review_by <= today:
        raise ValidationError(_("The next review must be after today."))
    FaqEntry.objects.filter(pk=entry.pk).update(
        last_verified_on=today, review_by=review_by, updated_by=role.user
    )
    entry.last_verified_on, entry.review_by = today, review_by
    return entry
