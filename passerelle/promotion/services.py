"""Writes for promotion: the library (seeded on first use), pasted join links, the
activity prompt setting and its dismissal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from passerelle.channels.models import Channel
from passerelle.common.text import storable
from passerelle.orgs.permissions import require
from passerelle.promotion import texts
from passerelle.promotion.models import LibraryText, PastedJoinLink, PromotionSettings

MAX_TEXT = 4000
MAX_QUIET_DAYS = 90


def promotion_settings_for(service) -> PromotionSettings:
    """The service's settings; the first call seeds its library (so every service, new or
    made before this app, starts with the toolkit's texts, and a library emptied on purpose
    stays empty)."""
    found = PromotionSettings.objects.filter(service_id=service.pk).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            made = PromotionSettings.objects.create(org_id=service.org_id, service=service)
            _library_seed(service)
            return made
    except IntegrityError:
        # Two first requests at once: the other one seeded it.
        return PromotionSettings.objects.get(service_id=service.pk)


def _library_seed(service) -> None:
    # Titles are for staff: in the service's default language when it is one we ship.
    with translation.override(service.default_language):
        rows = [
            LibraryText(
                org_id=service.org_id,
                service=service,
                kind=kind,
                title=_(seed["title"]),
                texts=dict(seed["texts"]),
            )
            for kind, seeds in (
                (LibraryText.Kind.KEY_MESSAGE, texts.KEY_MESSAGES),
                (LibraryText.Kind.DISCUSSION_PROMPT, texts.DISCUSSION_PROMPTS),
            )
            for seed in seeds
        ]
    LibraryText.objects.bulk_create(rows)


def library_text_save(*, role, text: LibraryText) -> LibraryText:
    """Create or update a key message or discussion prompt of the role's service."""
    require(role, "moderate")
    if text.pk and text.service_id != role.service_id:
        raise PermissionDenied(_("This text belongs to another service."))
    if text.kind not in LibraryText.Kind.values:
        raise ValidationError(_("Unknown kind of text."))
    text.title = storable((text.title or "").strip())
    if not text.title:
        raise ValidationError(_("Give the text a title."))
    cleaned = {
        code: storable(value.strip())
        for code, value in (text.texts or {}).items()
        if isinstance(value, str) and value.strip()
    }
    if not cleaned:
        raise ValidationError(_("Write the text in at least one language."))
    if any(len(value) > MAX_TEXT for value in cleaned.values()):
        raise ValidationError(_("A text is at most %(n)s characters long.") % {"n": MAX_TEXT})
    text.texts = cleaned
    text.org_id, text.service_id = role.org_id, role.service_id
    if not text.pk:
        text.created_by = role.user
    text.updated_by = role.user
    text.full_clean()
    text.save()
    return text


def library_text_delete(*, role, text: LibraryText) -> dict:
    """Delete a text; returns what `library_text_restore` needs to undo it."""
    require(role, "moderate", text.service_id)
    kept = {"kind": text.kind, "title": text.title, "texts": dict(text.texts)}
    text.delete()
    return kept


def library_text_restore(*, role, kept: dict) -> LibraryText:
    """Undo a deletion: the same title and texts, as a new row."""
    return library_text_save(
        role=role,
        text=LibraryText(
            kind=kept.get("kind", ""), title=kept.get("title", ""), texts=kept.get("texts") or {}
        ),
    )


_LINK = URLValidator(schemes=["https", "http", "sms", "tg"])


def join_link_paste(*, role, channel: Channel, url: str) -> PastedJoinLink | None:
    """Store the join link staff pasted for a channel of their service; empty removes it
    (the link computed from the channel's settings is used again)."""
    require(role, "moderate", channel.service_id)
    url = (url or "").strip()
    if not url:
        PastedJoinLink.objects.filter(channel=channel).delete()
        return None
    if len(url) > 500:
        raise ValidationError(_("A join link is at most 500 characters long."))
    if not url.startswith(("sms:", "tg:")):
        try:
            _LINK(url)
        except ValidationError:
            raise ValidationError(
                _("This is not a link: paste the whole address, starting with https://.")
            ) from None
    pasted, _created = PastedJoinLink.objects.update_or_create(
        channel=channel,
        defaults={"org_id": channel.org_id, "url": url, "updated_by": role.user},
    )
    return pasted


def quiet_days_set(*, role, days: int) -> PromotionSettings:
    """An administrator sets after how many quiet days a discussion prompt is suggested."""
    require(role, "configure")
    if not isinstance(days, int) or days < 0 or days > MAX_QUIET_DAYS:
        raise ValidationError(
            _("Choose a number of days from 0 (off) to %(n)s.") % {"n": MAX_QUIET_DAYS}
        )
    settings = promotion_settings_for(role.service)
    PromotionSettings.objects.filter(pk=settings.pk).update(quiet_days=days)
    settings.quiet_days = days
    return settings


def activity_prompt_dismiss(*, role, prompt_id: int | None = None) -> PromotionSettings:
    """A moderator hides the suggestion (of prompt `prompt_id`): it comes back after another
    quiet period, with the next prompt of the library."""
    require(role, "moderate")
    settings = promotion_settings_for(role.service)
    today = timezone.localdate(timezone=role.service.tz)
    PromotionSettings.objects.filter(pk=settings.pk).update(
        prompt_dismissed_on=today, prompt_dismissed_id=prompt_id
    )
    settings.prompt_dismissed_on, settings.prompt_dismissed_id = today, prompt_id
    return settings
