"""Questions members ask, the service standard they are answered under, and their history."""

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.orgs.models import validate_timezone
from passerelle.questions.standards import BUSINESS_DAYS, BUSINESS_HOURS, StandardSpec


def default_opening_hours() -> dict:
    """Monday to Friday, 9:00 to 17:00 (the toolkit's examples)."""
    return {str(day): [["09:00", "17:00"]] for day in range(5)}


def validate_opening_hours(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Opening hours must map weekdays to periods."))
    try:
        periods = parse_opening_hours(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Invalid opening hours: %(error)s"), params={"error": exc}) from exc
    if not any(periods.values()):
        raise ValidationError(_("Open at least one period in the week."))


def parse_opening_hours(value: dict) -> dict[int, list[tuple[time, time]]]:
    """The JSON form {"0": [["09:00", "12:00"], …]} as the standards module wants it."""
    result = {}
    for key, periods in value.items():
        day = int(key)
        if day not in range(7):
            raise ValueError(f"weekday {key!r} is not 0 (Monday) to 6 (Sunday)")
        result[day] = [
            (time.fromisoformat(start), time.fromisoformat(end)) for start, end in periods
        ]
    return result


class ServiceStandard(models.Model):
    """How fast a service promises to answer, when it is open, and how it alerts moderators."""

    class Counting(models.TextChoices):
        BUSINESS_HOURS = BUSINESS_HOURS, _("Business hours (only open time counts)")
        BUSINESS_DAYS = BUSINESS_DAYS, _("Business days (24 h per business day)")

    TARGETS = [(24, _("24 hours")), (48, _("48 hours"))]

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="standard"
    )
    target_hours = models.PositiveSmallIntegerField(_("target"), choices=TARGETS, default=24)
    counting = models.CharField(
        _("counting"), max_length=20, choices=Counting.choices, default=Counting.BUSINESS_HOURS
    )
    # {"0": [["09:00", "17:00"]], …}: weekday (0 = Monday) → opening periods, local time.
    opening_hours = models.JSONField(
        _("opening hours"), default=default_opening_hours, validators=[validate_opening_hours]
    )
    # Empty: the service's own time zone.
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_timezone]
    )
    subdivision = models.CharField(_("province or territory"), max_length=4, blank=True)
    # ["2026-12-24", …]: the service's own closure days, on top of statutory holidays.
    closure_days = models.JSONField(_("closure days"), default=list, blank=True)
    acknowledgement_stops_clock = models.BooleanField(
        _("acknowledging a complex question stops the clock"), default=False
    )
    warn_before_minutes = models.PositiveIntegerField(
        _("warn this many minutes before a question is due"), default=120
    )
    email_alerts = models.BooleanField(_("email alerts and a daily digest"), default=False)
    digest_hour = models.PositiveSmallIntegerField(_("hour of the daily digest"), default=8)
    # The local date of the last digest: the claim that makes it daily with two schedulers.
    digest_sent_on = models.DateField(null=True, blank=True)
    after_hours_reply = models.BooleanField(
        _("auto-reply to private messages received while closed"), default=True
    )
    referral_followup_days = models.PositiveSmallIntegerField(
        _("days before a referral follow-up"), default=7
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def clean(self):
        if self.subdivision:
            import holidays

            if self.subdivision not in holidays.CA.subdivisions:
                raise ValidationError({"subdivision": _("Unknown province or territory code.")})
        try:
            for day in self.closure_days or []:
                date.fromisoformat(day)
        except (TypeError, ValueError) as exc:
            raise ValidationError({"closure_days": _("Dates must be YYYY-MM-DD.")}) from exc
        if not 0 <= self.digest_hour <= 23:
            raise ValidationError({"digest_hour": _("Choose an hour from 0 to 23.")})

    @property
    def timezone_name(self) -> str:
        return self.timezone or self.service.timezone

    def as_spec(self) -> StandardSpec:
        """The standard in the form passerelle.questions.standards computes with."""
        return StandardSpec(
            target_hours=self.target_hours,
            counting=self.counting,
            opening_hours=parse_opening_hours(self.opening_hours),
            timezone=self.timezone_name,
            country="CA",
            subdivision=self.subdivision or None,
            closure_days=frozenset(date.fromisoformat(d) for d in self.closure_days or []),
            acknowledgement_stops_clock=self.acknowledgement_stops_clock,
        )


class Question(models.Model):
    """A request for information from a member, from the message that asked it to its answer."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ANSWERED = "answered", _("Answered")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled (not a question)")

    class Source(models.TextChoices):
        # The toolkit's question: a moderator (or a rule) labelled it a request for
        # information. Only these are counted by the toolkit's statistics.
        LABELLED = "labelled", _("Request for information")
        # A private message waiting for a staff reply, tracked from its arrival so nothing
        # waits untracked; the next staff reply in its thread answers it.
        PRIVATE = "private", _("Private message waiting")

    # Waiting for the service: these are timed and alerted.
    WAITING = (Status.OPEN, Status.ACKNOWLEDGED)

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="questions")
    thread = models.ForeignKey(
        "conversations.Thread", on_delete=models.CASCADE, related_name="questions"
    )
    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="question"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LABELLED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_questions",
    )
    received_at = models.DateTimeField()
    # Null while the clock is stopped (acknowledged, when the standard says so) or not waiting.
    due_at = models.DateTimeField(null=True, blank=True)
    warn_at = models.DateTimeField(null=True, blank=True)
    # Alert claims: set once by the sweep that sends the alert, reset when the clock restarts.
    warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["service", "status", "due_at"]),
            models.Index(fields=["status", "warn_at"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["service", "answered_at"]),
            # The "all" view, newest first, and its last pages.
            models.Index(fields=["service", "received_at", "id"], name="question_received_idx"),
            # "Is this private thread already waiting?", asked on every private message.
            models.Index(fields=["thread", "status"], name="question_thread_status_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.message.text[:60]}"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    @property
    def is_private_wait(self) -> bool:
        return self.source == self.Source.PRIVATE


class QuestionEvent(models.Model):
    """Every change to a question, with who, when and how: reports count these rows."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        LABELLED = "labelled", _("Labelled a request for information")
        UNLABELLED = "unlabelled", _("No longer labelled: waiting for a reply")
        REOPENED = "reopened", _("Reopened")
        CANCELLED = "cancelled", _("Cancelled")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        VERIFIED = "verified", _("Member's answer verified")
        VERIFIED_ADDITIONS = "verified_additions", _("Member's answer verified, with additions")
        CORRECTED = "corrected", _("Member's answer corrected")
        REFERRED = "referred", _("Referred to a partner")
        REFERRAL_OUTCOME = "referral_outcome", _("Referral follow-up answered")
        CLOSED = "closed", _("Closed")
        DUE_SOON = "due_soon", _("About to breach the service standard")
        OVERDUE = "overdue", _("Breached the service standard")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "created_at"])]


class Answer(models.Model):
    """A message that answers a question: a staff reply, or a member's answer we verified."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff answer")
        MEMBER = "member", _("Member's answer")

    class Verification(models.TextChoices):
        NONE = "", _("Not applicable")
        VERIFIED = "verified", _("Verified")
        VERIFIED_ADDITIONS = "verified_additions", _("Verified with additions")
        CORRECTED = "corrected", _("Corrected")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    message = models.ForeignKey(
        "conversations.Message", on_delete=models.CASCADE, related_name="answers_given"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    verification = models.CharField(
        max_length=20, choices=Verification.choices, blank=True, default=""
    )
    # The confirmation, addition or correction the moderator posted about a member's answer.
    verification_message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    faq_entry = models.ForeignKey(
        "faq.FaqEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="uses"
    )
    faq_language = models.CharField(max_length=12, blank=True)
    # Where the entry was among the suggested answers the moderator saw (1 = first; empty
    # when picked otherwise): how well the suggestions rank, measured on real use.
    faq_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "message"], name="answer_once")]


class AfterHoursReply(models.Model):
    """The auto-reply a private thread got in one closed period (at most one per period)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    thread = models.ForeignKey(
        "conversations.Thread", on_delete=models.CASCADE, related_name="after_hours_replies"
    )
    # The opening that ends the closed period: the period's identity.
    reopens_at = models.DateTimeField()
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "reopens_at"], name="after_hours_once")
        ]


class LabelClassifier(models.Model):
    """A service's label suggester, trained on its own labelled messages (docs/nlp.md).

    questions.label_suggestions writes it (its scheduled job retrains it when enough new
    labels exist); `accuracy` is measured on a fifth of the labels held out of training,
    the figure the labelling page shows. The weights stored are those trained on all.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="label_classifier"
    )
    model_version = models.CharField(max_length=40)
    # The label of each row of the weights, in order: ["information", "other", ...].
    labels = models.JSONField(default=list)
    # float32 (labels, 385): passerelle.nlp.classifier.to_bytes.
    weights = models.BinaryField(default=b"")
    # Labelled messages in the service when it was trained (the job compares with now).
    labelled_count = models.PositiveIntegerField(default=0)
    trained_on = models.PositiveIntegerField(default=0)
    held_out = models.PositiveIntegerField(default=0)
    accuracy = models.FloatField(null=True, blank=True)
    # Held-out messages per label and how many of them were suggested right.
    per_label = models.JSONField(default=dict)
    # Empty until the first training has finished (the row may exist as queued only).
    trained_at = models.DateTimeField(null=True, blank=True)
    # Set when a training task is queued, cleared when it ends: the job queues one at a time.
    queued_at = models.DateTimeField(null=True, blank=True)
