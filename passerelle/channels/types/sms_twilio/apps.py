from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsTwilioConfig(AppConfig):
    # An app (unlike most channel types) because it keeps opt-outs (STOP) per number.
    name = "passerelle.channels.types.sms_twilio"
    label = "sms_twilio"
    verbose_name = _("SMS (Twilio)")
    default_auto_field = "django.db.models.BigAutoField"
