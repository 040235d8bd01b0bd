"""What reports keep: each service's reporting settings and the exports prepared for download.

Reports themselves store no figures: they are computed from event and message rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportSettings(models.Model):
    """A service's reporting choices."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="report_settings"
    )
    # Counts of people in a breakdown (a partner, a category, later a survey answer or an
    # age group) below this are shown as "< N": a 2 beside "mental health" can name someone.
    small_number_threshold = models.PositiveSmallIntegerField(
        _("hide counts of people below"), default=5
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)


class ReportExport(models.Model):
    """A report file prepared in the background, so a long export never times out a page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Preparing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What to build: {"report": "usage", "from": "2017-03-01", "to": "…", "by": "month",
    # "format": "xlsx", "services": [ids]}: the same options as the CLI.
    options = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done_steps = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "created_at"])]
