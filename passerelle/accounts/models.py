"""How staff sign in: the per-service two-factor policy (devices are django-otp's)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInPolicy(models.Model):
    """A service's rules for its staff's sign-in, beyond a password.

    Administrators always need two-factor authentication; a service that holds sensitive
    conversations can ask it of every role (moderators, partner specialists, viewers).
    """

    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="sign_in_policy"
    )
    require_two_factor = models.BooleanField(
        _("require two-factor authentication for all staff"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"sign-in policy of {self.service}"
