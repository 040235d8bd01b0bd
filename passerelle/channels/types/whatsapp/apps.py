from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhatsAppConfig(AppConfig):
    # An app (unlike most channel types) because it keeps the approved message templates.
    name = "passerelle.channels.types.whatsapp"
    label = "whatsapp"
    verbose_name = _("WhatsApp")
    default_auto_field = "django.db.models.BigAutoField"
