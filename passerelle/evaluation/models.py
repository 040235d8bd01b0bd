"""A service's results framework (the toolkit's Annex 4) and its evaluation plan.

The logic model is ordered statements per level; the performance measurement framework is
results (one level each) measured by indicators, each bound to a built-in metric
(`reports.metrics.METRICS`) or entered by hand. Every change is an `EvaluationEvent` row,
written by `services.py` only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The results chain, in its order: what the service does, up to the change it serves."""

    ACTIVITY = "activity", _("Activities")
    OUTPUT = "output", _("Outputs")
    SHORT_TERM = "short_term", _("Short-term outcomes")
    INTERMEDIATE = "intermediate", _("Intermediate outcomes")
    LONG_TERM = "long_term", _("Long-term outcome")


LEVELS = [value for value, _label in Level.choices]


class Framework(models.Model):
    """That a service has a results framework, and how it was started."""

    class Start(models.TextChoices):
        TOOLKIT = "toolkit", _("The toolkit's example")
        EMPTY = "empty", _("Empty")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="results_framework"
    )
    started_from = models.CharField(max_length=10, choices=Start.choices)
    # The language the starting rows were written in (the staff member's UI language).
    language = models.CharField(max_length=12, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()


class LogicItem(models.Model):
    """One statement of the logic model at one level ("Moderate the group")."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(_("description"), max_length=2000)

    class Meta:
        ordering = ["position", "id"]


class Result(models.Model):
    """A row of the performance measurement framework: a result at one level."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(_("description"), max_length=2000)

    class Meta:
        ordering = ["position", "id"]


class Indicator(models.Model):
    """Evidence of progress towards a result, with its target and how it is collected."""

    class Frequency(models.TextChoices):
        MONTH = "month", _("Every month")
        QUARTER = "quarter", _("Every quarter")
        YEAR = "year", _("Every year")
        ONCE = "once", _("Once")

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Direction(models.TextChoices):
        NONE = "", _("No direction")
        UP = "up", _("Grows every period")
        DOWN = "down", _("Falls every period")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("indicator"), max_length=300)
    # A key of reports.metrics.METRICS, or empty: the values are entered by hand.
    metric = models.CharField(_("measured by"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    frequency = models.CharField(
        _("when / how often"), max_length=10, choices=Frequency.choices, default=Frequency.MONTH
    )
    target_value = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_comparison = models.CharField(
        _("the value should be"),
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.AT_LEAST,
    )
    target_by = models.DateField(_("by"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=5, choices=Direction.choices, default="", blank=True
    )
    data_source = models.CharField(_("data source / method"), max_length=300, blank=True)
    collected_by = models.CharField(_("who collects"), max_length=200, blank=True)
    # A hand-entered indicator with no value yet is late from here, not from its first value.
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]

    @property
    def is_manual(self) -> bool:
        return not self.metric


class IndicatorValue(models.Model):
    """A value of a hand-entered indicator, on its date."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "on"], name="one_indicator_value_a_day")
        ]


class EvaluationPlan(models.Model):
    """What the service's evaluation will ask, when, from what, by whom (toolkit 4.1, Annex 1)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="evaluation_plan"
    )
    purpose = models.TextField(_("purpose"), blank=True, max_length=4000)
    reasons = models.TextField(_("reasons"), blank=True, max_length=4000)
    timing = models.TextField(_("timing and frequency"), blank=True, max_length=4000)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    key_questions = models.TextField(_("key questions"), blank=True, max_length=4000)
    data_sources = models.TextField(_("data sources"), blank=True, max_length=4000)
    evaluators = models.TextField(_("who evaluates"), blank=True, max_length=4000)
    principles = models.TextField(_("guiding principles"), blank=True, max_length=4000)
    sharing = models.TextField(_("sharing the results with members"), blank=True, max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)


class EvaluationEvent(models.Model):
    """Who changed what in the framework or the plan, and when (before and after)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        MOVED = "moved", _("Moved")
        DELETED = "deleted", _("Deleted")

    class Subject(models.TextChoices):
        FRAMEWORK = "framework", _("Framework")
        LOGIC_ITEM = "logic_item", _("Logic model statement")
        RESULT = "result", _("Result")
        INDICATOR = "indicator", _("Indicator")
        VALUE = "value", _("Indicator value")
        PLAN = "plan", _("Evaluation plan")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    # Plain ids: the row may be deleted, its event stays.
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    # {"before": {...}, "after": {...}}: the fields that changed, as JSON values.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["service", "created_at"])]
