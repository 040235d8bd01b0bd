"""The moderation ledger: warnings, reports, removal proposals, deleted posts, claims.

The membership's history (who did what, when, why, citing which clause) is in
communities.MembershipEvent; these rows are the working state moderators act on.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberWarning(models.Model):
    """One warning in the ledger; it counts towards removal until withdrawn or expired."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        OFF_TOPIC = "off_topic", _("Off-topic reminder")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="warnings"
    )
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warnings",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARNING)
    guidelines = models.ForeignKey(
        "communities.Guidelines",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clause = models.CharField(max_length=60)
    clause_number = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["membership", "withdrawn_at"])]


# What moderation.details finds in a group post, as Report.detected spells it
# (passerelle.nlp.details.KINDS).
DETECTED = {
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "link": _("a link"),
    "uci": _("a UCI (client ID)"),
    "ircc": _("an IRCC application number"),
    "sin": _("a social insurance number"),
    "postal": _("a postal code"),
}
# What moderation.offensive writes in Report.detected: words to look at, not a verdict.
OFFENSIVE = "offensive"


class Report(models.Model):
    """A message put in the moderation queue: reported by a member or flagged."""

    class Source(models.TextChoices):
        MEMBER = "member", _("Reported by a member")
        STAFF = "staff", _("Flagged by staff")
        SYSTEM = "system", _("Flagged automatically")

    class Suggestion(models.TextChoices):
        MOVE_PRIVATE = "move_private", _("Move to a private conversation")
        REVIEW = "review", _("Read it: possibly offensive")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "conversations.Message", on_delete=models.CASCADE, related_name="reports"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    # Kept to count one report per person; never shown to anyone, moderators included.
    reporter = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    # What the automatic flag found ("phone,link": moderation.details), shown translated.
    detected = models.CharField(max_length=40, blank=True)
    suggested_action = models.CharField(max_length=20, choices=Suggestion.choices, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(max_length=30, blank=True)

    @property
    def shown_reason(self) -> str:
        """The reason in the reader's language: what the automatic flag found, or the text."""
        if not self.detected:
            return self.reason
        if self.detected == OFFENSIVE:
            return _("Possibly offensive (flagged automatically): %(words)s") % {
                "words": self.reason
            }
        found = ", ".join(str(DETECTED.get(k, k)) for k in self.detected.split(","))
        return _("Personal details in the group: %(found)s") % {"found": found}

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=models.Q(reporter__isnull=False),
                name="one_report_per_reporter",
            )
        ]
        indexes = [models.Index(fields=["service", "resolved_at"])]


class RemovalProposal(models.Model):
    """The warning limit (or a repeated off-topic post) proposes a removal to moderators."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="removal_proposals"
    )
    reason = models.TextField()
    clause = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(max_length=20, blank=True)  # "removed" or "dismissed"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_proposal_per_membership",
            )
        ]


class MessageRemoval(models.Model):
    """A post a moderator deleted: hidden from members, kept for the record."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    message = models.OneToOneField(
        "conversations.Message", on_delete=models.CASCADE, related_name="removal"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    clause = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField()


class ModerationClaim(models.Model):
    """A moderator saying "I'm on it" for a message, member or join request, until a time."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    # "message:12", "membership:7", "intake:3"
    target = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "target"], name="one_claim_per_target")
        ]


class Ban(models.Model):
    """A removal with an end: until then the person cannot be re-admitted or rejoin.

    No end (`until` empty) is a ban until a moderator lifts it. The platform's own ban
    carries the same end where it has one (Telegram's until_date).
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "communities.Membership", on_delete=models.CASCADE, related_name="bans"
    )
    reason = models.TextField()
    clause = models.CharField(max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["service", "lifted_at"])]

    def is_active(self, at) -> bool:
        return self.lifted_at is None and (self.until is None or self.until > at)

    @classmethod
    def active_for(cls, membership, at):
        """The ban that keeps this person out now, if any."""
        return (
            cls.objects.filter(membership=membership, lifted_at__isnull=True)
            .filter(models.Q(until__isnull=True) | models.Q(until__gt=at))
            .first()
        )


class ServiceWord(models.Model):
    """A word or phrase the service's moderators flag in group posts, for the languages
    the built-in lists miss (moderation.offensive); flagged for review, never acted on."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=100)
    # The language it is in, for the moderators reading the list ("" when not said).
    language = models.CharField(max_length=12, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["word", "id"]
        constraints = [models.UniqueConstraint(fields=["service", "word"], name="one_service_word")]
