"""Organizations and the staff who work for their services."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.common.text import pick_text


class Organization(models.Model):
    """An agency, a coalition of agencies or a volunteer group."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s"), params={"tz": value})


class Service(models.Model):
    """A messaging service an organization runs for newcomers: the tenant unit every
    selector scopes by, so it sits below the pipeline (channels serve one service)."""

    class Mode(models.TextChoices):
        ONE_WAY = "one_way", _("One-way (only staff post)")
        INTERACTIVE = "interactive", _("Interactive group")
        ONE_TO_ONE = "one_to_one", _("One-to-one (case management)")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    # What the service is for, per language: {"ar": "…", "fr": "…"} (pick_text reads it).
    purpose = models.JSONField(_("purpose"), default=dict, blank=True)
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

    class Meta:
        # Kept from when services lived in communities: the move changed no table.
        db_table = "communities_service"

    def __str__(self):
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def purpose_for(self, language: str):
        """The purpose in the reader's language, else in the service's default language."""
        return pick_text(self.purpose, language, self.default_language)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MODERATOR = "moderator", _("Moderator")
    PARTNER = "partner", _("Partner specialist")
    VIEWER = "viewer", _("Viewer")


# What each role may do; views ask for a capability, never for a role name.
# "inbox" is every conversation and member of the service; a partner specialist has "read"
# without it, so they see only the questions assigned to them.
# Members' data (docs/privacy.md): "reveal" shows a phone number or platform address (each
# reveal is logged), "export" downloads one member's data, "erase" erases it, "access_log"
# reads who opened what. Partners and viewers have none of them.
# "read_reports" is the statistics: counts, never a member or a message; with it comes the
# results framework and evaluation plan (docs/evaluation.md), which "configure" edits.
# "record_indicators" enters the values of the framework's hand-entered indicators: the
# toolkit has the moderator collect them.
# "manage_surveys" writes surveys and sends their waves (docs/surveys.md); their results are
# read with "read_reports".
# "read_plan" reads the toolkit's planning documents (docs/setup.md: checklists, policies,
# risk register, maturity self-assessment); "plan" writes them.
CAPABILITIES = {
    Role.ADMIN: {
        "read",
        "inbox",
        "reply",
        "label",
        "moderate",
        "configure",
        "reveal",
        "export",
        "erase",
        "access_log",
        "read_reports",
        "record_indicators",
        "manage_surveys",
        "publish",
        "read_plan",
        "plan",
    },
    Role.MODERATOR: {
        "read",
        "inbox",
        "reply",
        "label",
        "moderate",
        "reveal",
        "export",
        "read_reports",
        "record_indicators",
        "manage_surveys",
        "publish",
        "read_plan",
    },
    Role.PARTNER: {"read", "reply"},
    Role.VIEWER: {"read_reports"},
}


class StaffRole(models.Model):
    """One staff account's role in one service."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The inbox's alerts for new private messages, new questions and questions about to
    # breach (docs/inbox.md): a sound, a browser notification. Each staff member's own
    # choice, kept here so it follows them from one browser to the next.
    alert_sound = models.BooleanField(default=False)
    alert_browser = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="one_role_per_service")
        ]

    def can(self, capability: str) -> bool:
        return capability in CAPABILITIES.get(self.role, set())

    @property
    def capabilities(self) -> set[str]:
        """For templates: `{% if "inbox" in role.capabilities %}`."""
        return CAPABILITIES.get(self.role, set())

    def __str__(self):
        return f"{self.user} — {self.role} @ {self.service}"
