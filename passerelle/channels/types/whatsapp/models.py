"""Approved WhatsApp message templates (a send that uses one carries it on its row).

Outside the 24-hour customer-service window WhatsApp only carries templates the business
had approved by Meta beforehand. An administrator copies each approved template here
(name, language and body exactly as in WhatsApp Manager) so moderators can pick one.
"""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PARAM = re.compile(r"\{\{(\d+)\}\}")


class WhatsAppTemplate(models.Model):
    """One template approved by Meta for a channel's WhatsApp Business Account."""

    class Category(models.TextChoices):
        UTILITY = "UTILITY", _("Utility")
        MARKETING = "MARKETING", _("Marketing")
        AUTHENTICATION = "AUTHENTICATION", _("Authentication")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="whatsapp_templates"
    )
    name = models.CharField(
        _("name"),
        max_length=512,
        validators=[RegexValidator(r"^[a-z0-9_]+$", _("Lower-case letters, digits and _."))],
        help_text=_("Exactly as in WhatsApp Manager, e.g. case_follow_up."),
    )
    language = models.CharField(
        _("language code"),
        max_length=15,
        validators=[RegexValidator(r"^[a-z]{2,3}(_[A-Z]{2})?$", _("e.g. en, en_US, fr, ar."))],
    )
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.UTILITY
    )
    body = models.TextField(
        _("body"), max_length=1024, help_text=_("The approved text, with {{1}}, {{2}}… parameters.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    MAX_PARAM_LENGTH = 1024  # what the Cloud API takes per body parameter

    class Meta:
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "name", "language"], name="whatsapp_template_once"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"

    @property
    def param_count(self) -> int:
        """How many {{n}} parameters the body expects ({{1}} to {{n}})."""
        return max((int(n) for n in PARAM.findall(self.body)), default=0)

    @property
    def param_range(self) -> range:
        return range(1, self.param_count + 1)

    def render(self, params: list[str]) -> str:
        """The body as the member will read it."""

        def fill(match):
            index = int(match.group(1)) - 1
            return params[index] if 0 <= index < len(params) else match.group(0)

        return PARAM.sub(fill, self.body)
