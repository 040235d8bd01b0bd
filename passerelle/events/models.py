"""Events a post announces (workshops, information sessions) and who registered.

An event is carried by one post (posts.Post): the post's text says what it is, the event
adds when, where and how many. Members register by replying 1 (privately to the question
the post's private send asks, or in the group to the post itself); staff may add or cancel
a registration. Registration rows are written by events.services only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, related_name="event")
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    # None: no limit. Past it, members who register wait for a place.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # Claimed by the reminder sweep (a conditional update): the day-before reminder goes once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["starts_at"],
                name="event_reminder_due",
                condition=models.Q(reminded_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"event of post {self.post_id} at {self.starts_at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Via(models.TextChoices):
        REPLY = "reply", _("Replied privately")
        GROUP_REPLY = "group_reply", _("Replied in the group")
        STAFF = "staff", _("Added by staff")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices)
    via = models.CharField(max_length=12, choices=Via.choices)
    registered_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="registration_once"),
        ]

    def __str__(self):
        return f"{self.member_id} {self.state} for event {self.event_id}"
