"""Channels (a service's account on a platform), raw inbound events, outbound sends, logs."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.channels.types.base import OutboundRequest
from passerelle.common.crypto import EncryptedJSONField


class Channel(models.Model):
    """One connected account on one platform, serving one service."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="channels")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="channels")
    type = models.CharField(_("type"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    # The webhook path: unguessable, so a URL alone reveals nothing about the service.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secrets = EncryptedJSONField(default=dict, blank=True)
    # Non-secret settings: API base URL override, group chat id, phone number id…
    config = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.name} ({self.type})"

    @property
    def channel_type(self):
        # Here, not at the top: the types' modules import these models (through http.py).
        from passerelle.channels.types import registry

        return registry.get(self.type)

    @property
    def webhook_url(self) -> str:
        """The address the platform must call (from PASSERELLE_PUBLIC_URL)."""
        from django.conf import settings
        from django.urls import reverse

        return settings.PUBLIC_URL + reverse("channels:webhook", args=[self.uuid])


class RawEvent(models.Model):
    """A webhook body exactly as received, stored once per platform event id."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="raw_events")
    external_id = models.CharField(max_length=200)
    body = models.TextField()
    received_at = models.DateTimeField(db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The table is the inbound queue (channels/inbound.py): workers claim unprocessed rows.
    # Set after a failed attempt: not offered again before then. Empty means due now.
    retry_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="raw_event_once")
        ]
        indexes = [
            # The queue: only unprocessed rows, in arrival order, so a claim reads a few
            # index entries however many million processed events the table keeps.
            models.Index(
                fields=["id"],
                name="raw_event_queue",
                condition=models.Q(processed_at__isnull=True),
            )
        ]


class OutboundMessage(models.Model):
    """One send to one recipient on one channel: a queued OutboundRequest and its fate.

    It holds what the adapter needs, resolved when it was queued; `source_id` is the id of
    the domain's message it carries, a plain number the pipeline never follows.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        READ = "read", _("Read")
        FAILED = "failed", _("Failed")

    class Priority(models.IntegerChoices):
        # Lower goes first: a moderator's answer never waits behind a 10,000-person broadcast.
        CONVERSATION = 0, _("Conversation")
        BULK = 10, _("Bulk")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="outbound")
    source_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    recipient = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    reply_to_platform_id = models.CharField(max_length=200, blank=True)
    media = models.JSONField(null=True, blank=True)
    template = models.JSONField(null=True, blank=True)
    automated = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    platform_message_id = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.CONVERSATION
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # An attempt timed out after the request had left: the member may get it twice.
    maybe_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_id", "channel", "recipient"], name="outbound_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            # The sender's "what next on this channel" query reads only queued rows.
            models.Index(
                fields=["channel", "priority", "id"],
                name="outbound_queued_order",
                condition=models.Q(state="queued"),
            ),
            # "Is an earlier send to this chat still on its way?" (order per chat, sending._due)
            # reads only the few rows in flight.
            models.Index(
                fields=["channel", "recipient", "id"],
                name="outbound_chat_pending",
                condition=models.Q(state__in=["queued", "sending"]),
            ),
        ]

    def request(self):
        """The neutral request an adapter delivers."""
        return OutboundRequest(
            text=self.text,
            recipient=self.recipient,
            reply_to_platform_id=self.reply_to_platform_id,
            media=self.media or None,
            template=self.template or None,
            automated=self.automated,
        )


class ContactStatus(models.Model):
    """The pipeline's own facts about one address on one channel.

    Platform windows (WhatsApp's 24 hours, Messenger's 7 days) open at the last inbound
    message; an SMS opt-out lasts until the number opts in; a person who blocked the bot
    gets nothing until they write again. Kept here so no adapter reads domain tables.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="contacts")
    address = models.CharField(max_length=200)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    # What they typed to opt out ("STOP", "ARRÊT", "توقف") or the platform's code ("21610").
    opt_out_word = models.CharField(max_length=40, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="contact_status_once")
        ]


class ChannelLog(models.Model):
    """Every call Passerelle makes to a platform, with secrets redacted."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="logs")
    # The send this call was for: after a crash mid-send, a logged success means "sent".
    outbound = models.ForeignKey(
        OutboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="logs"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=60)
    url = models.CharField(max_length=500, blank=True)
    request = models.TextField(blank=True)
    status_code = models.IntegerField(null=True, blank=True)
    response = models.TextField(blank=True)
    elapsed_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)


class PlatformAction(models.Model):
    """A moderation call to a platform (approve a join, ban, delete…), retried like a send."""

    class Action(models.TextChoices):
        APPROVE_JOIN = "approve_join", _("Approve join request")
        DECLINE_JOIN = "decline_join", _("Decline join request")
        BAN = "ban", _("Remove (ban) member")
        UNBAN = "unban", _("Re-admit (unban) member")
        DELETE_MESSAGE = "delete_message", _("Delete message")
        RESTRICT = "restrict", _("Mute member")
        UNRESTRICT = "unrestrict", _("Unmute member")
        # Tell members' browsers a group message is waiting (web chat push): the domain
        # names the addresses, since who is in the group is not the pipeline's to know.
        NOTIFY = "notify", _("Notify members' browsers")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        UNSUPPORTED = "unsupported", _("Not possible on this platform")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=30, choices=Action.choices)
    # e.g. {"user": "123"} or {"message_id": "77", "until": "2026-12-01T00:00:00Z"}
    params = models.JSONField(default=dict)
    # Makes a retried request (double click, retried task) create one action, not two.
    dedupe_key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"])]


class RateBucket(models.Model):
    """One platform limit's recent uses (a sliding window), shared by every worker."""

    key = models.CharField(max_length=200, unique=True)
    # Epoch seconds of the uses still inside the window, oldest first.
    hits = models.JSONField(default=list)
    # Uses whose request is on its way: [token, taken at, cost] (channels.ratelimit).
    pending = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)


class SendLane(models.Model):
    """A slot for one sender loop of a channel: caps how many workers pump it at once.

    A loop holds its lane until `held_until`; its successor (scheduled when the platform
    makes it wait) carries the `generation` it saw, so a lane never has two loops.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="send_lanes")
    lane = models.PositiveSmallIntegerField()
    generation = models.PositiveIntegerField(default=0)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "lane"], name="one_send_lane")]


class NativeFile(models.Model):
    """A file a member sent on one of Passerelle's own platforms (simulator, web chat).

    On Telegram or WhatsApp a file stays on the platform until a moderator opens it; the
    native platforms have no such store, so this is theirs. The bytes live in the database:
    every `passerelle web` process sees them (no shared directory to mount), they are backed
    up, erased and pruned in the same transaction as the rest of a person's data, and the
    size cap (NATIVE_FILE_MAX_BYTES) keeps rows small enough for both SQLite and PostgreSQL.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="native_files")
    # The sender's address on the platform (web chat visitor id, simulator sender id).
    address = models.CharField(max_length=200)
    # Unguessable: the envelope names the file by it, the member page serves it by it.
    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)  # voice, audio, photo, document
    mime_type = models.CharField(max_length=100)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["channel", "address"])]

    def __str__(self):
        return f"{self.kind} {self.token[:8]}… ({self.size} bytes)"


class OutgoingFile(models.Model):
    """A file staff attach to a message (a voice note recorded in the browser, a photo, a PDF).

    Kept like NativeFile, in the database, for the same reasons; each adapter reads the
    bytes when it sends (uploading them to Telegram, WhatsApp, Messenger) and Twilio and the
    member pages fetch them through a signed, expiring address (outgoing_files.signed_url).
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    # The service it was sent for: its retention (media_days) deletes it.
    service = models.ForeignKey("orgs.Service", null=True, blank=True, on_delete=models.CASCADE)
    # Unguessable: the message's media names the file by it.
    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)  # voice, audio, photo, document
    mime_type = models.CharField(max_length=100)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"{self.kind} {self.token[:8]}… ({self.size} bytes)"


class PushSubscription(models.Model):
    """One browser's Web Push subscription for a web chat visitor (RFC 8030 / 8291).

    The endpoint is a URL at the browser maker's push service; p256dh and auth are the
    browser's keys each message is encrypted to. Keyed by channel and address like the
    other per-address facts, so erasing a person (channels.privacy) forgets them.
    """

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    address = models.CharField(max_length=200)
    endpoint = models.URLField(max_length=1000)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    # The page's language when it subscribed: "New message" is said in it.
    language = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "endpoint"], name="push_subscription_once_per_endpoint"
            )
        ]
        indexes = [models.Index(fields=["channel", "address"])]

    def __str__(self):
        return f"push subscription {self.pk} of {self.channel_id}"
