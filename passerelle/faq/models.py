"""Verified answers (FAQ) and the canned replies moderators send, per service and language."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FaqEntry(models.Model):
    """One verified answer: how members ask it, what we answer, who said so and until when."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="faq_entries"
    )
    title = models.CharField(_("title"), max_length=200)
    # {"ar": "...", "fr": "...", "en": "..."}: the answer sent to a member in their language.
    answers = models.JSONField(_("answers"), default=dict)
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    last_verified_on = models.DateField(_("last verified on"))
    review_by = models.DateField(_("review by"))
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["service", "is_active", "review_by"])]

    def __str__(self):
        return self.title

    def is_stale(self, today: date) -> bool:
        """Past its review date: it may be wrong now, so it is never suggested silently."""
        return self.review_by < today

    def answer_for(self, language: str, fallbacks=()) -> tuple[str, str]:
        """(text, language used): the member's language first, then the fallbacks."""
        for code in (language, *fallbacks, *self.answers.keys()):
            if code and (self.answers.get(code) or "").strip():
                return self.answers[code], code
        return "", ""


class FaqPhrasing(models.Model):
    """One way members ask the entry's question, in one language; matching reads these."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="phrasings")
    language = models.CharField(_("language"), max_length=12)
    text = models.CharField(_("phrasing"), max_length=500)

    class Meta:
        ordering = ["language", "id"]


class CannedReply(models.Model):
    """A service's own wording of a standard message in one language (overrides the default)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="canned_replies"
    )
    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=12)
    text = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "language"], name="canned_reply_once"
            )
        ]


class SavedReply(models.Model):
    """A reply a moderator wrote once and inserts from the composer ("/" or the picker).

    Not a canned reply: those are the automatic texts the platform sends by itself; a saved
    reply is only ever sent by a person, who reads it in the composer first.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="saved_replies"
    )
    title = models.CharField(_("title"), max_length=80)
    language = models.CharField(_("language"), max_length=12)
    text = models.TextField(_("text"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "title", "language"], name="saved_reply_once"
            )
        ]

    def __str__(self):
        return self.title


class FaqEmbedding(models.Model):
    """An entry's questions and answer in one language as a sentence vector (docs/nlp.md).

    Written by faq.embedding when the entry is saved or imported, and by its scheduled job
    for entries saved before (or while the service had suggestions off); `digest` is what
    the vector was made from, so an edit (or a new model version) makes a new one.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="embeddings")
    language = models.CharField(max_length=12)
    model_version = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    # 384 little-endian float32 values (passerelle.nlp.embeddings.to_bytes).
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"], name="faq_embedding_once")
        ]
