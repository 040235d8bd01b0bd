"""Promoting a service (the toolkit's "Faire de la promotion"): the texts staff copy into
flyers, newsletters and other groups, the join links they point to, and when to suggest a
discussion prompt to a quiet group."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.common.text import pick_text


class LibraryText(models.Model):
    """A reusable text per language: a key message to paste elsewhere, or a discussion
    prompt to post when the group goes quiet (one model: staff edit both the same way)."""

    class Kind(models.TextChoices):
        KEY_MESSAGE = "key_message", _("Key message")
        DISCUSSION_PROMPT = "discussion_prompt", _("Discussion prompt")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="library_texts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    # {"ar": "…", "fr": "…", "en": "…"}; a key message may hold {join_link} and {service_name}.
    texts = models.JSONField(_("texts"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["service", "kind"])]

    def __str__(self):
        return self.title

    def text_for(self, language: str):
        """The text in `language`, else the service's default language, else any."""
        return pick_text(self.texts, language, self.service.default_language)


class PromotionSettings(models.Model):
    """One row per service, made with its seeded library on first use (services.py)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="promotion_settings"
    )
    # The toolkit: "post questions when activity slows". 0 turns the suggestion off.
    quiet_days = models.PositiveSmallIntegerField(
        _("days without a member message before suggesting a discussion prompt"), default=5
    )
    # A dismissed suggestion comes back after another `quiet_days` of silence.
    prompt_dismissed_on = models.DateField(null=True, blank=True)
    # The prompt suggested when it was dismissed (a LibraryText id): the next one follows it.
    prompt_dismissed_id = models.BigIntegerField(null=True, blank=True)


class PastedJoinLink(models.Model):
    """A join link staff pasted for a channel (a Telegram group's invite link: the bot
    cannot read it from the platform); it wins over the link computed from the config."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.OneToOneField(
        "channels.Channel", on_delete=models.CASCADE, related_name="pasted_join_link"
    )
    url = models.CharField(_("join link"), max_length=500)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
