"""The toolkit's planning documents, kept with the service (docs/setup.md).

Checklists and policies are never edited in place: each save is a new version with its
author and time, so the previous answers stay readable. Risks are rows edited in place,
each change recorded as a PlanningEvent. The maturity self-assessment is the
organisation's: each assessment is a new row, the history is the rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.TextChoices):
    READINESS = "readiness", _("Readiness checklist")
    PLATFORM = "platform", _("Platform-choice checklist")
    POLICIES = "policies", _("Policies")
    RISKS = "risks", _("Risk register")
    MATURITY = "maturity", _("Digital maturity self-assessment")


class ChecklistVersion(models.Model):
    """One saved state of a service's readiness or platform-choice checklist."""

    class Kind(models.TextChoices):
        READINESS = "readiness", _("Readiness checklist")
        PLATFORM = "platform", _("Platform-choice checklist")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="checklist_versions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # readiness: {"answers": {key: {"answer", "explanation"}}, "purposes": [...],
    # "purpose_other": "…"}; platform: {"ratings": {key: level}, "own": [{"factor",
    # "rating"}]} (checklists.py reads and writes them).
    data = models.JSONField(default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["service", "kind", "-created_at"])]


class PolicyVersion(models.Model):
    """One saved text of one policy of a service, in one language."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="policy_versions"
    )
    kind = models.CharField(max_length=30)
    language = models.CharField(max_length=10)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["service", "kind", "language", "-created_at"])]


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class Rating(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Risk(models.Model):
    """One row of a service's risk register (seed 003: the simplified ERM frame)."""

    class Category(models.TextChoices):
        PRIVACY = "privacy", _("Privacy and security")
        SAFETY = "safety", _("Members' safety")
        PLATFORM = "platform", _("Platform")
        STAFFING = "staffing", _("Staffing")
        FUNDING = "funding", _("Funding")
        OTHER = "other", _("Other")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="risks")
    # The seeded row it came from ("" for a row staff added): lets the seed stay idempotent.
    seed_key = models.CharField(max_length=40, blank=True)
    # Per language, as the service's other texts: {"fr": "…", "ar": "…"}.
    risk = models.JSONField(_("risk"), default=dict)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=Level.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices)
    mitigation = models.JSONField(_("mitigation"), default=dict, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    residual = models.CharField(
        _("residual rating"), max_length=10, choices=Rating.choices, default=Rating.LOW
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        # The dashboard's one query: this service's reviews due before today.
        indexes = [models.Index(fields=["service", "review_on"])]

    @property
    def rating(self) -> str:
        from passerelle.planning.risks import rating_of

        return rating_of(self.likelihood, self.impact)


class MaturityAssessment(models.Model):
    """One self-assessment of an organisation's digital maturity, in the eight domains."""

    org = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    # {domain: level (0-3)} and {domain: "notes"}; maturity.py names the domains and levels.
    scores = models.JSONField(default=dict)
    notes = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["org", "-created_at"])]


class PlanningEvent(models.Model):
    """Who changed which planning document, when (the risks' history and the audit)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "orgs.Service", null=True, on_delete=models.CASCADE, related_name="planning_events"
    )
    document = models.CharField(max_length=20, choices=Document.choices)
    action = models.CharField(max_length=20)
    summary = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["service", "-created_at"])]
