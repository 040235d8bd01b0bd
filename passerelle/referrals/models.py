"""The organization's partner directory, and the referrals made to it with their follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.common.text import PickedText, pick_text

# The texts members and moderators read, each kept per language: {"ar": "…", "fr": "…"}.
LANGUAGE_TEXTS = ("description", "hours", "intake_notes")


class Category(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    LANGUAGE = "language", _("Language classes")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal")
    IMMIGRATION = "immigration", _("Immigration")
    CHILDREN_YOUTH = "children_youth", _("Children and youth")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    OTHER = "other", _("Other")


class Partner(models.Model):
    """A partner organization members can be referred to (shared by the org's services)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    description = models.JSONField(_("description"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    area_served = models.CharField(_("area served"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    hours = models.JSONField(_("hours"), default=dict, blank=True)
    intake_notes = models.JSONField(_("intake notes"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def text_for(self, field: str, language: str, default: str = "") -> PickedText:
        """One of LANGUAGE_TEXTS in the reader's language, else the service's default."""
        return pick_text(getattr(self, field), language, default)


class PartnerService(models.Model):
    """One service a partner offers; blank details fall back to the partner's."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="services")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.JSONField(_("description"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    hours = models.JSONField(_("hours"), default=dict, blank=True)
    intake_notes = models.JSONField(_("intake notes"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category", "name", "id"]

    def __str__(self):
        return f"{self.partner.name} — {self.name}"

    def text_for(self, field: str, language: str, default: str = "") -> PickedText:
        """One of LANGUAGE_TEXTS in the reader's language, else the service's default."""
        return pick_text(getattr(self, field), language, default)


class Referral(models.Model):
    """A member sent to a partner for a question, and whether it helped."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the follow-up")
        YES = "yes", _("Got the help they needed")
        NO = "no", _("Did not get help")
        NOT_YET = "not_yet", _("Not yet")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="referrals")
    question = models.ForeignKey(
        "questions.Question",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    partner_service = models.ForeignKey(
        PartnerService, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    language = models.CharField(max_length=12, blank=True)
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    followup_days = models.PositiveSmallIntegerField(default=7)
    # The stored deadline the scheduler sweeps; null once no follow-up is planned.
    followup_due_at = models.DateTimeField(null=True, blank=True)
    followup_sent_at = models.DateTimeField(null=True, blank=True)
    followup_count = models.PositiveSmallIntegerField(default=0)
    # Why the follow-up could not go out (the platform no longer lets us write first…).
    followup_error = models.CharField(max_length=500, blank=True)
    followup_message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["followup_due_at"],
                name="referral_followup_due",
                condition=models.Q(followup_sent_at__isnull=True),
            ),
            models.Index(fields=["service", "member", "followup_sent_at"]),
        ]
