"""Newcomers, their identities on each platform, what they consented to, and who of the
staff opened their data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Member(models.Model):
    """A person the organization serves; one row across all platforms and services."""

    # What an erased member is called from then on (docs/privacy.md); shown translated.
    ERASED_NAME = "Erased member"

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="members")
    display_name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=12, blank=True)
    created_at = models.DateTimeField()
    # Set when the person's data was erased at their request (privacy.MemberErasure says
    # who and when); the row stays so counts and threads stay whole.
    erased_at = models.DateTimeField(null=True, blank=True)
    # Set while this row is the tombstone of a merge into another member (members.merge):
    # the person's rows moved there; the row stays so the merge can be undone.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return self.display_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Identity(models.Model):
    """One address of a member on one platform: `telegram:123`, `tel:+16135550101`…"""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="identities")
    platform = models.CharField(max_length=20)
    address = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org", "platform", "address"], name="identity_once_per_org"
            )
        ]

    @property
    def urn(self) -> str:
        return f"{self.platform}:{self.address}"

    def __str__(self):
        return self.urn


class ConsentEvent(models.Model):
    """One thing a member agreed to, declined, withdrew or was told, when and how.

    The current state of a purpose is its latest given / declined / withdrawn row; nothing
    is updated in place, so the record shows what the person saw and said at the time.
    """

    class Purpose(models.TextChoices):
        GUIDELINES = "guidelines", _("The service's guidelines")
        PRIVACY_NOTICE = "privacy_notice", _("The privacy notice")
        SURVEYS = "surveys", _("Contact me for surveys")
        FOLLOWUP = "followup", _("Follow up on my referrals")
        DATA_SHARING = "data_sharing", _("Share my details with a partner agency")
        # One-to-one case management (docs/cases.md): receiving the service at all, and
        # its confidentiality terms (who reads the file, when it is shared, emergencies).
        SERVICE = "service", _("Receive the one-to-one service")
        CONFIDENTIALITY = "confidentiality", _("The confidentiality terms")

    class Action(models.TextChoices):
        GIVEN = "given", _("Agreed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrew")
        INFORMED = "informed", _("Was sent")

    # Purposes a member answers yes or no to (intake questions `consent_<purpose>`, staff).
    ASKED = (Purpose.SURVEYS, Purpose.FOLLOWUP, Purpose.DATA_SHARING)
    # What a caseworker records on a client file (cases.consent), each per version.
    CASE = (
        Purpose.SERVICE,
        Purpose.CONFIDENTIALITY,
        Purpose.SURVEYS,
        Purpose.FOLLOWUP,
        Purpose.DATA_SHARING,
    )

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The guidelines version, or the privacy notice's fingerprint, the person saw.
    version = models.CharField(_("version"), max_length=40, blank=True)
    # How: a channel type ("telegram", "sms_twilio"…) or "staff:in_person", "staff:phone"…
    # "staff:paper" (a signed form, scanned: `document`), "staff:verbal", "prompt" (an
    # answer to a consent request in the conversation).
    via = models.CharField(_("through"), max_length=40, blank=True)
    # What the consent covers beyond its purpose: "partner:<id>" for sharing with one
    # partner (a string: referrals sit above members). Empty: the purpose as a whole.
    scope = models.CharField(_("scope"), max_length=60, blank=True)
    # The signed paper form, scanned (the staff file store; never sent to anyone).
    document = models.ForeignKey(
        "channels.OutgoingFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed form"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["member", "service", "purpose", "created_at"])]


def partner_scope(partner_id) -> str:
    """The `scope` of a consent to share with one partner agency."""
    return f"partner:{int(partner_id)}"


class StaffAccess(models.Model):
    """A staff member opened a member's data: their page, private thread, an export, or an
    address. Written by members.services.staff_access_record only; read by admins."""

    class Kind(models.TextChoices):
        MEMBER_PAGE = "member_page", _("Opened the member page")
        PRIVATE_THREAD = "private_thread", _("Opened the private conversation")
        EXPORT = "export", _("Exported the member's data")
        REVEAL = "reveal", _("Revealed an address")
        ERASE = "erase", _("Erased the member's data")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    # Null: an operator at the command line (`passerelle member export`).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Which platform's address was revealed, or where from ("cli", "api"); never the data.
    detail = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["service", "created_at"])]


class MemberMerge(models.Model):
    """One person's two member rows made one: `merged` (kept as a tombstone) went into
    `kept`. `moved` says which rows of which table moved, per handler (members.merge), so
    an undo moves exactly those back. Written by members.merge only."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    # Where the staff member merged from (their role's service).
    service = models.ForeignKey("orgs.Service", on_delete=models.CASCADE, related_name="+")
    kept = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="merges_kept")
    merged = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="merges_merged")
    moved = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A tombstone is merged once at a time (undo first to merge it elsewhere).
            models.UniqueConstraint(
                fields=["merged"], condition=models.Q(undone_at__isnull=True), name="merge_once"
            )
        ]

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class MemberMergeEvent(models.Model):
    """A merge done or undone: who and when (the audit trail of MemberMerge)."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("Merged")
        UNDONE = "undone", _("Merge undone")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
    merge = models.ForeignKey(MemberMerge, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What moved, in counts per table ({"conversations.Message": 12, …}): no personal data.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
