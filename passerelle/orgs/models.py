"""Organizations and the staff who work for their services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """An agency, a coalition of agencies or a volunteer group."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MODERATOR = "moderator", _("Moderator")
    PARTNER = "partner", _("Partner specialist")
    VIEWER = "viewer", _("Viewer")


# What each role may do; views ask for a capability, never for a role name.
# "inbox" is every conversation and member of the service; a partner specialist has "read"
# without it, so they see only the questions assigned to them.
CAPABILITIES = {
    Role.ADMIN: {"read", "inbox", "reply", "label", "moderate", "configure"},
    Role.MODERATOR: {"read", "inbox", "reply", "label", "moderate"},
    Role.PARTNER: {"read", "reply"},
    Role.VIEWER: {"read_reports"},
}


class StaffRole(models.Model):
    """One staff account's role in one service."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    service = models.ForeignKey(
        "communities.Service", on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
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
