"""Members' data rights and retention: how long each kind of data is kept per service,
and the record that a person's data was erased (who, when — never what)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Days are between one and ten years; "keep" is an empty field, not a big number.
_DAYS = [MinValueValidator(1), MaxValueValidator(3650)]


class RetentionPolicy(models.Model):
    """How long a service keeps each kind of data (docs/privacy.md); one row per service,
    created with the defaults the first time it is read."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="retention"
    )
    raw_event_days = models.PositiveIntegerField(
        _("raw webhook bodies (days after processing)"),
        default=30,
        validators=_DAYS,
        help_text=_("Exactly what each platform sent, kept to diagnose problems."),
    )
    channel_log_days = models.PositiveIntegerField(
        _("platform call logs (days)"),
        default=30,
        validators=_DAYS,
        help_text=_("Every call to a platform's API, with what was sent."),
    )
    media_days = models.PositiveIntegerField(
        _("links to voice notes, photos and files (days)"),
        default=365,
        validators=_DAYS,
        help_text=_("After this, a file can no longer be opened from the inbox."),
    )
    message_days = models.PositiveIntegerField(
        _("message texts (days)"),
        null=True,
        blank=True,
        validators=_DAYS,
        help_text=_(
            "Leave empty to keep them. Older messages keep their place, label and date "
            "(statistics stay), without their text."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The sweep's claim: a service is swept at most once per interval by all schedulers.
    swept_at = models.DateTimeField(null=True, blank=True)


class MemberErasure(models.Model):
    """A person's data was erased at their request: who did it, when, and why."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    # The service it was asked in (empty: an operator at the command line named none).
    service = models.ForeignKey(
        "orgs.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="erasure"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=20)  # "web" or "cli"
    # Why, in the staff's words (the form asks for no personal details).
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
