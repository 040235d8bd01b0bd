"""A prompt: one question put to one member in one private conversation, and its owner."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Prompt(models.Model):
    """What was asked, how it may be answered, who receives the answer, and its deadlines.

    The owner (`owner` by name, `owner_id` its row) keeps the answer in its own tables; this
    row keeps the question as it was asked, so an answer is always read against its wording.
    """

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Choice")
        MULTI = "multi", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        NUMBER = "number", _("Number")
        YES_NO = "yes_no", _("Yes / no")
        SHORT_TEXT = "short_text", _("Short text")
        FREE_TEXT = "free_text", _("Free text")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued behind another prompt")
        OPEN = "open", _("Waiting for the answer")
        ANSWERED = "answered", _("Answered")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED_STATES = (State.ANSWERED, State.EXPIRED, State.CANCELLED)

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    # Null once the owner had the engine forget who answered (prompts_forget).
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "conversations.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.CharField(max_length=40)
    owner_id = models.BigIntegerField()
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # {language: text} as the owner gave it; `wording` is what the member read, in `language`.
    wordings = models.JSONField(default=dict)
    wording = models.TextField(blank=True)
    language = models.CharField(max_length=12, blank=True)
    # [{"value": str, "labels": {language: str}, "words": [str, …]}], numbered from 1.
    options = models.JSONField(default=list, blank=True)
    skippable = models.BooleanField(default=False)
    # Whether the wording sent lists the options ("1. Yes"), or the owner's text already does.
    show_options = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # A reply that answers nothing is asked again once; after that it is an ordinary message.
    # True from the start for an owner that wants no asking again (prompt_ask reask=False).
    reasked = models.BooleanField(default=False)
    # Asked in the thread but sent to no one yet (a WhatsApp template opened the
    # conversation instead): the member's first reply gets the question, it is no answer.
    unsent = models.BooleanField(default=False)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    asked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=models.Q(state="open"),
                name="prompt_one_open_per_thread",
            ),
        ]
        indexes = [
            # The sweep's two reads: reminders due, then expiries due (open prompts only).
            models.Index(
                fields=["remind_at"],
                name="prompt_reminder_due",
                condition=models.Q(state="open", reminded_at__isnull=True),
            ),
            models.Index(
                fields=["expires_at"], name="prompt_expiry_due", condition=models.Q(state="open")
            ),
            models.Index(fields=["owner", "owner_id"], name="prompt_owner"),
            models.Index(fields=["member", "thread", "state"], name="prompt_member_thread"),
        ]

    def __str__(self):
        return f"{self.owner}:{self.owner_id}:{self.key} ({self.state})"
