"""SMS keywords a number sent (STOP, START, HELP): the opt-out record of each number.

A number that sent STOP to a sender must receive nothing more from it until it sends
START (carrier rules, and Twilio's own block). The latest STOP or START decides; the
rows stay as the history of who asked what, when.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SmsKeyword(models.Model):
    """One opt-out keyword received from one number on one SMS channel."""

    class Kind(models.TextChoices):
        STOP = "stop", _("Opted out (STOP)")
        START = "start", _("Opted in again (START)")
        HELP = "help", _("Asked for help (HELP)")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.CASCADE, related_name="sms_keywords"
    )
    address = models.CharField(max_length=40)  # E.164, as Twilio sends it
    kind = models.CharField(max_length=10, choices=Kind.choices)
    typed = models.CharField(max_length=40, blank=True)  # "STOP", "ARRÊT", "توقف", "21610"…
    # The SMS that carried it: a redelivered webhook records nothing twice.
    message_sid = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "message_sid"],
                condition=~models.Q(message_sid=""),
                name="sms_keyword_once",
            )
        ]
        indexes = [models.Index(fields=["channel", "address", "at"])]
