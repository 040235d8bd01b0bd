"""Services (communities), their guidelines, and who belongs to them."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s"), params={"tz": value})


class Service(models.Model):
    """A messaging service an organization runs for newcomers."""

    class Mode(models.TextChoices):
        ONE_WAY = "one_way", _("One-way (only staff post)")
        INTERACTIVE = "interactive", _("Interactive group")
        ONE_TO_ONE = "one_to_one", _("One-to-one (case management)")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    audience = models.TextField(_("audience"), blank=True)
    mode = models.CharField(
        _("mode"), max_length=20, choices=Mode.choices, default=Mode.INTERACTIVE
    )
    # Members' languages, most used first; the first one is the default for new members.
    languages = models.JSONField(_("languages"), default=list)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_timezone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Guidelines(models.Model):
    """One version of a service's guidelines, in each of its languages."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="guidelines")
    version = models.PositiveIntegerField()
    # {"ar": "...", "fr": "...", "en": "..."}
    texts = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="guidelines_version_once")
        ]

    def text_for(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "")


class Membership(models.Model):
    """A member's place in a service; its history lives in MembershipEvent rows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        REFUSED = "refused", _("Refused")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    guidelines_accepted = models.ForeignKey(
        Guidelines, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "member"], name="one_membership_per_service")
        ]
        indexes = [models.Index(fields=["service", "status"])]


class MembershipEvent(models.Model):
    """Every change to a membership, with who, when and why: reports count these rows."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        GUIDELINES_ACCEPTED = "guidelines_accepted", _("Accepted the guidelines")
        WARNED = "warned", _("Warned")
        REMOVED = "removed", _("Removed by a moderator")
        READMITTED = "readmitted", _("Re-admitted")
        LEFT = "left", _("Left")
        LANGUAGE_CHANGED = "language_changed", _("Changed language")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    # Free-form details: which platform event, which guideline clause, old/new values.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
