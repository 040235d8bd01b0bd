"""Surveys: their questions, the waves that send them, and the responses members give.

Anonymity (docs/surveys.md): an anonymous survey's response keeps its member only while it is
being answered; when it completes (or expires) the link is cut here and in the prompt engine,
its times are kept to the day, and no answer row ever names a member, an identity or a message.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.prompts.models import Prompt

# A question is asked as a prompt: its kinds are the engine's.
Kind = Prompt.Kind

TEXT_KINDS = (Kind.SHORT_TEXT, Kind.FREE_TEXT)


class Survey(models.Model):
    """A questionnaire of one service, copied from a built-in template and edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(_("name"), max_length=200)
    # The built-in template it was copied from ("satisfaction", …), for comparisons.
    template = models.CharField(max_length=40, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    languages = models.JSONField(_("languages"), default=list)
    # What the member reads before the first question and after the last: {lang: text}.
    intro = models.JSONField(default=dict, blank=True)
    thanks = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class SurveyQuestion(models.Model):
    """One question, its text in each language, its options, and where it branches."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=40)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.JSONField(default=dict)  # {"en": "…", "fr": "…", "ar": "…"}
    # [{"value": "daily", "labels": {"en": "Every day", …}}, …]
    options = models.JSONField(default=list, blank=True)
    optional = models.BooleanField(_("can be skipped"), default=False)
    # Branching only where needed: "if the answer is <skip_if> go to <skip_to>" (a later key,
    # or "" for the end of the survey).
    skip_if = models.CharField(max_length=60, blank=True)
    skip_to = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="survey_question_key_once")
        ]

    def __str__(self):
        return self.key


class SurveyWave(models.Model):
    """One sending of a survey to an audience, now or at a stored time, maybe repeated; or,
    by its trigger, to every member who joins (or leaves) from its start until cancelled."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", _("Now or on a date")
        AT_INTAKE = "at_intake", _("At intake: every member accepted from then on")
        AT_EXIT = "at_exit", _("At exit: every member who leaves from then on")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    # {"languages": [...], "platforms": [...], "joined_after": "YYYY-MM-DD",
    #  "joined_before": "YYYY-MM-DD", "intake": {"question key": "answer"}}; {} = everyone.
    audience = models.JSONField(default=dict, blank=True)
    scheduled_at = models.DateTimeField()
    repeat_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # At intake / at exit: asks each member who joins / leaves after scheduled_at, once;
    # such a wave stays "sending" until it is cancelled (surveys.triggers).
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULED)
    # The approved WhatsApp template that opens the survey for a member reachable only on
    # WhatsApp outside the 24-hour window (the first question goes when they reply).
    opening_template = models.ForeignKey(
        "whatsapp.WhatsAppTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("WhatsApp template that opens the survey"),
    )
    # How long a member has to answer once asked.
    open_days = models.PositiveSmallIntegerField(default=14)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    recipient_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [
            models.Index(
                fields=["scheduled_at"],
                name="survey_wave_due",
                condition=models.Q(state__in=["scheduled", "sending"]),
            )
        ]


class SurveyRecipient(models.Model):
    """A member a wave asks: unique per wave, so a restarted sending asks nobody twice.

    It says that a member was asked and whether they finished, never what they answered
    (no link to the response).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ASKED = "asked", _("Asked")
        QUEUED = "queued", _("Behind another survey")
        UNREACHABLE = "unreachable", _("Not reachable")
        # That they answered, never what: the web form and the sending ask nobody twice.
        DONE = "done", _("Answered")

    class Unreachable(models.TextChoices):
        NO_ADDRESS = "no_address", _("No address on the service's channels")
        BLOCKED = "blocked", _("Opted out (STOP) or blocked the service")
        WHATSAPP_WINDOW = (
            "whatsapp_window",
            _("Only on WhatsApp, outside the 24-hour window, and the wave has no template"),
        )
        LEFT = "left", _("Left the service while waiting behind another survey")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    # Claimed by a sending batch (conditional update), so two workers never ask the same one.
    claimed_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    # Why an unreachable recipient was not asked (the wave page counts them by reason).
    unreachable_reason = models.CharField(max_length=20, choices=Unreachable.choices, blank=True)
    # Asked through the wave's WhatsApp template: the first question waits for their reply.
    opened_with_template = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "member"], name="survey_recipient_once")
        ]
        indexes = [models.Index(fields=["wave", "state"])]


class SurveyResponse(models.Model):
    """One member's answers to one wave, in progress or done."""

    class State(models.TextChoices):
        STARTED = "started", _("Answering")
        STOPPED = "stopped", _("Stopped")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")

    OPEN_STATES = (State.STARTED, State.STOPPED)

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    wave = models.ForeignKey(SurveyWave, on_delete=models.CASCADE, related_name="responses")
    # Null once an anonymous response has ended: then nothing joins it back to anyone.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=12, blank=True)
    via = models.CharField(max_length=12, default="conversation")  # or "web"
    state = models.CharField(max_length=10, choices=State.choices, default=State.STARTED)
    # The question being asked (its key); "" before the first and after the last.
    current = models.CharField(max_length=40, blank=True)
    # To the day for anonymous surveys: a minute would match the member's messages.
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Never more than one survey being answered at a time by one member.
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state="started"),
                name="one_survey_answering_per_member",
            ),
            models.UniqueConstraint(
                fields=["wave", "member"],
                condition=models.Q(member__isnull=False),
                name="one_response_per_wave_member",
            ),
        ]
        indexes = [
            models.Index(fields=["wave", "state"]),
            models.Index(
                fields=["expires_at"],
                name="survey_response_expiry",
                condition=models.Q(state__in=["started", "stopped"]),
            ),
        ]


class SurveyAnswer(models.Model):
    """One answer, with the words it was asked in: never a member, an identity or a time."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    wording = models.TextField(blank=True)
    language = models.CharField(max_length=12, blank=True)
    # A str, a list of str (several choices), or null when skipped.
    value = models.JSONField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")
        ]


class SurveyEvent(models.Model):
    """What staff and the sending did to a survey (created, edited, wave sent…): no member."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Edited")
        QUESTIONS = "questions", _("Questions edited")
        WAVE_CREATED = "wave_created", _("Wave planned")
        WAVE_STARTED = "wave_started", _("Wave started")
        WAVE_SENT = "wave_sent", _("Wave sent")
        WAVE_CANCELLED = "wave_cancelled", _("Wave cancelled")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="events")
    wave = models.ForeignKey(
        SurveyWave, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
