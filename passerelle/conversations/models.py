"""Threads (the group and each private conversation) and their messages."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    """The service's group conversation, or one private conversation with a member."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        PRIVATE = "private", _("Private")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WAITING = "waiting", _("Waiting for the member")
        RESOLVED = "resolved", _("Resolved")
        SNOOZED = "snoozed", _("Snoozed")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="threads"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Inbound messages no staff member has opened yet.
    unread_count = models.PositiveIntegerField(default=0)
    # Where the conversation stands and who looks after it (docs/inbox.md); written only by
    # conversations.services.thread_status_set / thread_assign, each with a ThreadEvent.
    # A snooze ends by itself at `snoozed_until`: the inbox reads it as open from then on
    # (selectors.thread_status_now), so no job has to wake it.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_threads",
    )
    # The channel staff chose to reply through for this person (None: the one they wrote
    # on last). Set by conversations.services.thread_reply_channel_set; read by reach.py.
    reply_channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(kind="group"),
                name="one_group_thread_per_service",
            ),
            models.UniqueConstraint(
                fields=["service", "member"],
                condition=models.Q(kind="private"),
                name="one_private_thread_per_member",
            ),
        ]


class ThreadEvent(models.Model):
    """A change of a conversation's status or assignee: who, when, from what to what."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        REPLY_CHANNEL = "channel", _("Reply channel chosen")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # status: {"from", "to", "until"}; assigned: {"from", "to"} (user ids, None = nobody);
    # channel: {"from", "to"} (channel ids, None = the one the person wrote on last).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_index=True)


class Label(models.TextChoices):
    """The four lines of the toolkit's monthly activity table (Table 5)."""

    REQUEST = "request", _("Request for information")
    INFORMATION = "information", _("Information")
    REFERRAL = "referral", _("Referral")
    OTHER = "other", _("Other message")


class Redaction(models.TextChoices):
    """Why a message's text and files were removed (see docs/privacy.md)."""

    MEMBER_REQUEST = "member_request", _("Removed at the member's request")
    RETENTION = "retention", _("Removed under the retention policy")


class Message(models.Model):
    """One message in a thread, from a member (in) or from staff (out)."""

    class Direction(models.TextChoices):
        IN = "in", _("Received")
        OUT = "out", _("Sent")

    class Media(models.TextChoices):
        TEXT = "text", _("Text")
        VOICE = "voice", _("Voice note")
        AUDIO = "audio", _("Audio")
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document")
        OTHER = "other", _("Other")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="messages")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(max_length=3, choices=Direction.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(blank=True)
    media_kind = models.CharField(max_length=10, choices=Media.choices, default=Media.TEXT)
    language = models.CharField(max_length=12, blank=True)
    # The language a member's message is written in, as passerelle.nlp.language found it
    # ("" unknown, "ti|am" for Ethiopic script) or a moderator corrected it; `language`
    # above is the one the member is addressed in (their own, or their platform's).
    detected_language = models.CharField(max_length=12, blank=True)
    # Who corrected detected_language (None: as detected).
    language_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    platform_message_id = models.CharField(max_length=200, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    # Platform details kept with the message: earlier versions of an edited message
    # ("edits"), media to attach to a staff message ("media": {"kind", "url"|"file_id"}).
    extra = models.JSONField(default=dict, blank=True)
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    # Why the text is gone while the row stays (counts and threads stay whole): the member
    # asked for their data to be erased, or the service's retention period ended.
    redacted = models.CharField(max_length=20, choices=Redaction.choices, blank=True)
    labelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "platform_message_id"],
                condition=~models.Q(platform_message_id=""),
                name="platform_message_once",
            )
        ]
        indexes = [
            # A thread's pages, newest first: keyset pagination on (created_at, id) reads
            # one page of the thread however deep in its history (conversations.selectors).
            models.Index(fields=["thread", "created_at", "id"], name="message_thread_page_idx"),
            # Reports count a service's messages by local day over a span of months: this
            # index holds every column they read, so the database answers from it alone (an
            # index-only scan) and never reads the rows. Key columns rather than INCLUDE, which
            # SQLite does not have (it would warn and ignore them); the cost is the same.
            models.Index(
                fields=[
                    "service",
                    "created_at",
                    "thread",
                    "direction",
                    "label",
                    "author",
                    "member",
                ],
                name="message_report_idx",
            ),
        ]


class MessageDay(models.Model):
    """How many messages a service has on one local day, by the keys the reports count by.

    Kept by conversations.services in the same transaction as every message it stores or
    relabels (conversations.days), so the usage and activity reports read a few thousand
    rows instead of scanning the messages. `day` is the local date in the service's time
    zone; `staff` says the message has an author (automatic notices have none).
    `passerelle rebuild_message_days` recomputes it from the messages.
    """

    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    thread_kind = models.CharField(max_length=10, choices=Thread.Kind.choices)
    direction = models.CharField(max_length=3, choices=Message.Direction.choices)
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    staff = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "day", "thread_kind", "direction", "label", "staff"],
                name="message_day_once",
            )
        ]
