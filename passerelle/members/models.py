"""Newcomers and their identities on each platform."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Member(models.Model):
    """A person the organization serves; one row across all platforms and services."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=12, blank=True)
    created_at = models.DateTimeField()

    def __str__(self):
        return self.display_name


class Identity(models.Model):
    """One address of a member on one platform: `telegram:123`, `tel:+16135550101`…"""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="identities")
    platform = models.CharField(max_length=20)
    address = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "platform", "address"], name="identity_once_per_org"
            )
        ]

    @property
    def urn(self) -> str:
        return f"{self.platform}:{self.address}"

    def __str__(self):
        return self.urn
