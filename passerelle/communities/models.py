"""Communities: a service's guidelines, and who belongs to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.common.text import pick_text
from passerelle.orgs.models import Service


class Guidelines(models.Model):
    """One version of a service's guidelines, in each of its languages."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="guidelines")
    version = models.PositiveIntegerField()
    # The introduction (or, for versions without clauses, the whole text): {"ar": "…", …}
    texts = models.JSONField(default=dict)
    # Numbered clauses, so a warning can cite one:
    # [{"key": "off_topic", "title": {"en": "…", …}, "text": {"en": "…", …}}, …]
    clauses = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="guidelines_version_once")
        ]

    def text_for(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "")

    def clause(self, key: str) -> tuple[int, dict] | None:
        """(number, clause) for a clause key; numbers start at 1 in the published order."""
        for number, clause in enumerate(self.clauses or [], start=1):
            if clause.get("key") == key:
                return number, clause
        return None

    def clause_line(self, key: str, language: str) -> str:
        """The clause as quoted to a member, e.g. `3. Off-topic content: …`."""
        found = self.clause(key)
        if found is None:
            return ""
        number, clause = found
        colon = " : " if language == "fr" else ": "  # French typography spaces the colon
        title, text = _pick(clause.get("title"), language), _pick(clause.get("text"), language)
        return f"{number}. {title}{colon}{text}"

    def render(self, language: str) -> str:
        """The whole version in one language: the introduction, then the numbered clauses."""
        parts = [self.text_for(language).strip()]
        parts += [self.clause_line(c["key"], language) for c in self.clauses or []]
        return "\n\n".join(p for p in parts if p)


def _pick(texts, language: str) -> str:
    """A text in a language, else the first one there is (a version may lack a language)."""
    return str(pick_text(texts, language))


class Membership(models.Model):
    """A member's place in a service; its history lives in MembershipEvent rows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Did not finish joining")
        # The same person's other membership of the service, emptied into the one kept
        # by a member merge (members.merge; communities.merge): counted nowhere.
        MERGED = "merged", _("Merged into another membership")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    guidelines_accepted = models.ForeignKey(
        Guidelines, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set while a moderator has muted the member (the platform enforces it where it can).
    muted_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "member"], name="one_membership_per_service")
        ]
        indexes = [
            models.Index(fields=["service", "status"]),
            # The member list, newest first (communities.selectors.memberships_for).
            models.Index(fields=["service", "joined_at", "id"], name="membership_list_idx"),
        ]


class MembershipEvent(models.Model):
    """Every change to a membership, with who, when and why: reports count these rows."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        REQUESTED = "requested", _("Asked to join")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        GUIDELINES_ACCEPTED = "guidelines_accepted", _("Accepted the guidelines")
        WARNED = "warned", _("Warned")
        REMOVED = "removed", _("Removed by a moderator")
        READMITTED = "readmitted", _("Re-admitted")
        LEFT = "left", _("Left")
        LANGUAGE_CHANGED = "language_changed", _("Changed language")
        REQUEST_EXPIRED = "request_expired", _("Join request expired")
        REQUEST_WITHDRAWN = "request_withdrawn", _("Join request withdrawn")
        EXIT_FEEDBACK = "exit_feedback", _("Gave feedback on leaving")
        WARNING_WITHDRAWN = "warning_withdrawn", _("Warning withdrawn")
        REMOVAL_PROPOSED = "removal_proposed", _("Removal proposed")
        PROPOSAL_DISMISSED = "proposal_dismissed", _("Removal proposal dismissed")
        MESSAGE_DELETED = "message_deleted", _("Message deleted")
        REPORT_DISMISSED = "report_dismissed", _("Report dismissed")
        MUTED = "muted", _("Muted")
        UNMUTED = "unmuted", _("Unmuted")
        # A member merge (communities.merge) joined two memberships whose replayed events
        # no longer say what the merged status says: counted in or out from then on,
        # never as a joining, a leaving or a removal.
        MERGE_ENTRY = "merge_entry", _("Counted in by a member merge")
        MERGE_EXIT = "merge_exit", _("Counted out by a member merge")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    # The membership's service, kept on the event: the audit log reads a service's events
    # newest first, and the join through memberships sorted every event of the service.
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    # The guideline clause a moderation action cites (its key in the member's version).
    clause = models.CharField(max_length=60, blank=True)
    # Free-form details: which platform event, which guideline clause, old/new values.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["service", "created_at", "id"], name="membership_event_service_idx"
            )
        ]


# Who is a member when is replayed from these events (reports.counts.Membership): an
# entry while in, or an exit while out, changes nothing.
MEMBER_ENTRIES = (
    MembershipEvent.Kind.JOINED,
    MembershipEvent.Kind.ACCEPTED,
    MembershipEvent.Kind.READMITTED,
    MembershipEvent.Kind.MERGE_ENTRY,
)
MEMBER_EXITS = (
    MembershipEvent.Kind.LEFT,
    MembershipEvent.Kind.REMOVED,
    MembershipEvent.Kind.MERGE_EXIT,
)


def counted_in(kinds) -> bool:
    """Whether a membership with these events (in time order) is counted as a member."""
    inside = False
    for kind in kinds:
        if kind in MEMBER_ENTRIES:
            inside = True
        elif kind in MEMBER_EXITS:
            inside = False
    return inside


class ServicePolicy(models.Model):
    """How a service admits, warns and removes members (one row per service)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="policy")
    auto_accept = models.BooleanField(
        _("accept eligible join requests automatically"),
        default=False,
        help_text=_("Otherwise every completed request waits in the moderation queue."),
    )
    intake_reminder_hours = models.PositiveIntegerField(
        _("remind an unfinished join request after (hours)"), default=24
    )
    intake_timeout_hours = models.PositiveIntegerField(
        _("close an unfinished join request after (hours)"), default=72
    )
    warnings_before_removal = models.PositiveSmallIntegerField(
        _("warnings before removal"), default=2
    )
    warning_expiry_days = models.PositiveIntegerField(
        _("warnings expire after (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty: warnings never expire."),
    )
    auto_remove = models.BooleanField(
        _("remove automatically at the warning limit"),
        default=False,
        help_text=_("Otherwise a removal is proposed to the moderators."),
    )
    announce_removals = models.BooleanField(
        _("tell the group when a member is removed"), default=True
    )
    announce_removed_name = models.BooleanField(_("name the removed member"), default=False)
    exit_feedback = models.BooleanField(_("ask people who leave why"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def clean(self):
        if self.warnings_before_removal < 1:
            raise ValidationError(_("At least one warning comes before a removal."))
        if self.intake_reminder_hours >= self.intake_timeout_hours:
            raise ValidationError(_("The reminder must come before the request closes."))


class ServiceText(models.Model):
    """A service's own wording of a member-facing text (welcome message, group description…)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(max_length=60)
    texts = models.JSONField(default=dict)  # {"ar": "…", "en": "…", "fr": "…"}
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "key"], name="service_text_once")]


class IntakeQuestion(models.Model):
    """One question a service asks people who want to join (eligibility, preferences)."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes / no")
        CHOICE = "choice", _("Choice")
        TEXT = "text", _("Free text")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="intake_questions")
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    prompts = models.JSONField(_("question"), default=dict)  # {"ar": "…", "en": "…", "fr": "…"}
    # [{"value": "online", "labels": {"en": "Online", …}}, …] for choice questions.
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    # Eligibility: the answers that make a person part of the audience ("yes" for yes/no).
    qualifying = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "key"], name="intake_question_key_once")
        ]

    @property
    def is_eligibility(self) -> bool:
        return bool(self.qualifying)

    @property
    def prompt_for_reader(self) -> str:
        """The question in the active language, else in the first language it has."""
        from django.utils.translation import get_language

        lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        prompts = self.prompts or {}
        text = prompts.get(lang) or prompts.get("en") or next(iter(prompts.values()), "")
        return (text.splitlines()[0] if text else "") or self.key


class Intake(models.Model):
    """One join request being answered, then decided; state lives here, not in memory."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Answering questions")
        REVIEW = "review", _("Waiting for a moderator")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.IN_PROGRESS, State.REVIEW)

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="intakes")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="intakes")
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "join_request" (platform asks us to approve), "joined", "start", "keyword".
    source = models.CharField(max_length=20)
    # What the platform needs to approve or decline the request later (e.g. chat_id).
    platform_params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    language = models.CharField(max_length=12, blank=True)
    guidelines = models.ForeignKey(
        Guidelines, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eligible = models.BooleanField(null=True)
    started_at = models.DateTimeField()
    # Its reminder and its deadline are its current question's (prompts.Prompt).
    completed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(state__in=["in_progress", "review"]),
                name="one_open_intake_per_membership",
            )
        ]
        # The requests waiting for a decision, per service.
        indexes = [models.Index(fields=["service", "state"], name="intake_service_state")]


class IntakeAnswer(models.Model):
    """What was asked (in the words the person saw) and what they answered."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        IntakeQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(max_length=40)  # "language", a question key, or "guidelines"
    prompt = models.TextField()
    value = models.CharField(max_length=500, blank=True)
    raw = models.TextField(blank=True)
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["intake", "key"], name="intake_answer_once")]

    @property
    def question_line(self) -> str:
        """The question without its numbered options, for lists."""
        return self.prompt.splitlines()[0] if self.prompt else self.key

    @property
    def value_label(self) -> str:
        """The answer as the reader (the active language) says it: the option's label, not
        its stored code (`yes`, `in_person`, `ar`)."""
        from django.utils.translation import get_language, get_language_info
        from django.utils.translation import gettext as gettext_now

        value = self.value
        if self.key == "language" and value in dict(settings.LANGUAGES):
            return get_language_info(value)["name_local"]
        kind = self.question.kind if self.question_id and self.question else None
        if value in ("yes", "no") and kind in (None, IntakeQuestion.Kind.YES_NO):
            return gettext_now("Yes") if value == "yes" else gettext_now("No")
        if kind == IntakeQuestion.Kind.CHOICE:
            lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
            for choice in self.question.choices or []:
                if choice.get("value") == value:
                    labels = choice.get("labels") or {}
                    return (
                        labels.get(lang) or labels.get("en") or next(iter(labels.values()), value)
                    )
        return value
