"""One-to-one case management (the Calgary Centre for Newcomers' policy, docs/cases.md):
a client file per person enrolled in a one-to-one service, what happened on it, private
case notes, logged calls, and the service's case settings.

Written only by cases.services (and its sibling service modules); every change to a file
writes a CaseEvent, which the reports and the file's history read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Check-ins unanswered in a row after which a client is "lost contact" (§10).
LOST_CONTACT_AFTER = 2


class CaseSettings(models.Model):
    """What a one-to-one service tells and whom it alerts (one row per service).

    The texts are kept per language, {"ar": "…", "en": "…"}, read with pick_text.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.OneToOneField(
        "orgs.Service", on_delete=models.CASCADE, related_name="case_settings"
    )
    # §2: shown on the file of a client whose message is marked urgent.
    emergency_resources = models.JSONField(_("emergency resources"), default=dict, blank=True)
    # §2: words that suggest (never decide) that a message is urgent, per language.
    urgent_keywords = models.JSONField(_("urgent keywords"), default=dict, blank=True)
    # Staff accounts alerted at once by e-mail when a message is marked urgent.
    on_call = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("on call")
    )
    # §3: the in-person invitation (address, hours, how to book), per language.
    in_person_invitation = models.JSONField(_("in-person invitation"), default=dict, blank=True)
    # §4, §5, §9: the topics the service answers, re-sent with the reason when off topic.
    acceptable_topics = models.JSONField(_("acceptable topics"), default=dict, blank=True)
    # Settlement goals a caseworker picks from (besides free text): [{"key", "label": {…}}].
    goals = models.JSONField(_("settlement goals"), default=list, blank=True)
    # The consent text's version clients are asked to agree to (§2).
    consent_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    consent_text = models.JSONField(_("consent text"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class ClientFile(models.Model):
    """A person enrolled in a one-to-one service (§1–2): one per member and service."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        PAUSED = "paused", _("Paused")
        LIMITED = "limited", _("Limited")
        CLOSED = "closed", _("Closed")

    class HelpWay(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        EITHER = "either", _("Either")

    class Skills(models.TextChoices):
        UNKNOWN = "", _("Not assessed")
        LOW = "low", _("Needs help with apps")
        MEDIUM = "medium", _("Uses messaging apps")
        HIGH = "high", _("Comfortable online")

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "orgs.Service", on_delete=models.CASCADE, related_name="client_files"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="client_files"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    # Which channel replies go through is the conversation's (the client may switch
    # channel, one person may have been merged from two members): not kept here.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_times = models.CharField(_("preferred times"), max_length=200, blank=True)
    help_way = models.CharField(
        _("preferred way to get help"),
        max_length=10,
        choices=HelpWay.choices,
        default=HelpWay.EITHER,
    )
    digital_skills = models.CharField(
        _("digital skills"), max_length=10, choices=Skills.choices, blank=True
    )
    goals = models.JSONField(_("settlement goals"), default=list, blank=True)
    goals_text = models.TextField(_("settlement goals, in the client's words"), blank=True)
    emergency_contacts = models.TextField(_("emergency contacts"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # §4, §5, §9 "limit": the weekdays (0 = Monday) replies are given on while limited.
    limited_weekdays = models.JSONField(default=list, blank=True)
    # §10: the follow-up plan; the scheduler sweeps next_followup_at.
    followup_cadence = models.CharField(
        _("follow-up"), max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    next_followup_at = models.DateTimeField(null=True, blank=True)
    # Check-ins sent in a row without an answer: two or more is "lost contact".
    checkins_unanswered = models.PositiveSmallIntegerField(default=0)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    # §2: set while a message of the client is marked urgent (risk to safety); the file
    # then shows the emergency contacts and resources. The alert sweep claims
    # urgent_alerted_at once, so the on-call staff get one e-mail per marking.
    urgent_at = models.DateTimeField(null=True, blank=True)
    urgent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgent_message = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    urgent_alerted_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField()
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "member"], name="one_file_per_client")
        ]
        indexes = [
            models.Index(fields=["service", "status", "caseworker"], name="case_load_idx"),
            models.Index(
                fields=["next_followup_at"],
                name="case_followup_due",
                condition=models.Q(next_followup_at__isnull=False),
            ),
            # What the urgent-alert sweep reads each tick: marked, not alerted yet.
            models.Index(
                fields=["urgent_at"],
                name="case_urgent_alert_due",
                condition=models.Q(urgent_at__isnull=False, urgent_alerted_at__isnull=True),
            ),
        ]

    @property
    def is_urgent(self) -> bool:
        return self.urgent_at is not None

    @property
    def lost_contact(self) -> bool:
        # §10: two check-ins in a row without an answer.
        return self.checkins_unanswered >= LOST_CONTACT_AFTER


class CaseEvent(models.Model):
    """Everything that happened on a file, with who and when: the file's history and what
    the case reports count. Never updated in place."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        UPDATED = "updated", _("File updated")
        STATUS_CHANGED = "status_changed", _("Status changed")
        CONSENT = "consent", _("Consent recorded")
        CONSENT_REQUESTED = "consent_requested", _("Consent asked in the conversation")
        NOTE = "note", _("Case note written")
        CALL = "call", _("Call logged")
        ACKNOWLEDGED = "acknowledged", _("Told the client we are looking into it")
        URGENT = "urgent", _("Marked urgent: risk to safety")
        URGENT_ALERTED = "urgent_alerted", _("On-call staff alerted")
        URGENT_CLEARED = "urgent_cleared", _("Urgency cleared")
        IN_PERSON = "in_person", _("Invited to come in person")
        REFERRED = "referred", _("Referred to a partner")
        OFF_TOPIC = "off_topic", _("Reminded of the topics the service answers")
        LIMITED = "limited", _("Service limited")
        ENDED = "ended", _("Service ended")
        FOLLOWUP_PLANNED = "followup_planned", _("Follow-up plan changed")
        FOLLOWUP_DONE = "followup_done", _("Followed up")
        CHECKIN_SENT = "checkin_sent", _("Check-in sent")
        CHECKIN_ANSWERED = "checkin_answered", _("Check-in answered")
        CHECKIN_MISSED = "checkin_missed", _("Check-in not answered")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Null: the client themself, or the scheduler.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The client's message the event is about (urgent, off topic…), or what was sent.
    message = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    # Details: old/new values, the check-in's answer, the referral's id, the call's id…
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["file", "kind", "created_at"])]


class CaseNote(models.Model):
    """A caseworker's private note on a file: never shown to partners or volunteers."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"))
    # The client's message the note is about, if any.
    message = models.ForeignKey(
        "conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]


class CallLog(models.Model):
    """A phone or video call with the client (§7), logged by the caseworker."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="calls")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PHONE)
    occurred_at = models.DateTimeField(_("when"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    summary = models.TextField(_("summary"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_at", "-id"]
