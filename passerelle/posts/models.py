"""Posts: what staff publish to a group, to members privately, to a segment or to several
services of an organisation at once, and who each post reached (docs/outreach.md).

A Post is kept small on purpose: events (date, place, capacity) are a model of their own
with a one-to-one to Post, added on top of this one.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostType(models.Model):
    """What a post is (a job offer, a workshop…), per organisation; admins rename and archive
    them. The two system kinds are the announcements of a move and of a closing."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        MOVING = "moving", _("We are moving")
        CLOSING = "closing", _("This service is closing")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=40)
    names = models.JSONField(default=dict)  # {"en": "Job offer", "fr": "Offre d'emploi", …}
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    position = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "slug"], name="post_type_slug_once"),
        ]

    def __str__(self):
        return self.slug


class Post(models.Model):
    """One post: its type, a text per language, an optional attachment, its audience and
    when it goes."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    class Audience(models.TextChoices):
        GROUP = "group", _("The service's group")
        MEMBERS = "members", _("Every member, privately")
        SEGMENT = "segment", _("Some members, privately")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    # The service that wrote it; `services` are those it goes to (more than one: a coalition).
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="posts")
    services = models.ManyToManyField("orgs.Service", related_name="+")
    post_type = models.ForeignKey(PostType, on_delete=models.PROTECT, related_name="posts")
    texts = models.JSONField(default=dict)  # {"en": "…", "fr": "…"}
    # A media dict as conversations.services.message_send(media=…) takes it (staff uploads).
    media = models.JSONField(default=dict, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.GROUP)
    # A segment's filters, as surveys.selectors.audience_members reads them.
    segment = models.JSONField(default=dict, blank=True)
    # Members reachable only on WhatsApp outside its 24-hour window get this approved
    # template instead of the text (none: they are not reached).
    whatsapp_template = models.ForeignKey(
        "whatsapp.WhatsAppTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    scheduled_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [models.Index(fields=["state", "scheduled_at"])]

    def __str__(self):
        return f"{self.post_type} #{self.pk}"

    @property
    def editable(self) -> bool:
        return self.state == self.State.SCHEDULED


class PostRecipient(models.Model):
    """Who a post goes to: a member (privately) or a service's group (no member), once.

    Unique per post and member (and per post and group), claimed by a conditional update in
    the transaction that writes its message: a crash mid-post resumes where it stopped.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        UNREACHABLE = "unreachable", _("Not reachable")

    class Unreachable(models.TextChoices):
        NO_ADDRESS = "no_address", _("No address on the service's channels")
        BLOCKED = "blocked", _("Opted out (STOP) or blocked the service")
        WHATSAPP_WINDOW = (
            "whatsapp_window",
            _("Only on WhatsApp, outside the 24-hour window, and no approved template"),
        )
        NO_GROUP = "no_group", _("The service has no group channel")
        MEDIA_REFUSED = "media_refused", _("A platform of the group refuses the attached file")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="recipients")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    unreachable_reason = models.CharField(max_length=20, choices=Unreachable.choices, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # The message written for it: its sends (channels.OutboundMessage) are the report.
    message_id = models.BigIntegerField(null=True, blank=True)
    with_template = models.BooleanField(default=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=models.Q(member__isnull=False),
                name="post_recipient_member_once",
            ),
            models.UniqueConstraint(
                fields=["post", "service"],
                condition=models.Q(member__isnull=True),
                name="post_recipient_group_once",
            ),
        ]
        indexes = [models.Index(fields=["post", "state"])]
