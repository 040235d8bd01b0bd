from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsTwilioConfig(AppConfig):
    # An app for its migration history: opt-outs now live on channels.ContactStatus.
    name = "passerelle.channels.types.sms_twilio"
    label = "sms_twilio"
    verbose_name = _("SMS (Twilio)")
    default_auto_field = "django.db.models.BigAutoField"
