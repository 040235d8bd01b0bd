"""Organizations and the staff who work for their services."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from passerelle.common.text import pick_text


class Organization(models.Model):
    """An agency, a coalition of agencies or a volunteer group."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s"), params={"tz": value})


# The parts of the language assistance (passerelle/nlp, docs/nlp.md) a service can turn off:
# the language of each message, suggested FAQ answers, suggested labels, personal details
# and offensive words flagged in group posts, draft transcripts of voice notes.
ASSISTANCE_PARTS = ("language", "faq", "labels", "personal_details", "offensive", "transcripts")
ASSISTANCE_OFF_BY_DEFAULT = {"transcripts"}


class Service(models.Model):
    """A messaging service an organization runs for newcomers: the tenant unit every
    selector scopes by, so it sits below the pipeline (channels serve one service)."""

    class Mode(models.TextChoices):
        ONE_WAY = "one_way", _("One-way (only staff post)")
        INTERACTIVE = "interactive", _("Interactive group")
        ONE_TO_ONE = "one_to_one", _("One-to-one (case management)")

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="services")
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    # What the service is for, per language: {"ar": "…", "fr": "…"} (pick_text reads it).
    purpose = models.JSONField(_("purpose"), default=dict, blank=True)
    audience = models.TextField(_("audience"), blank=True)
    mode = models.CharField(
        _("mode"), max_length=20, choices=Mode.choices, default=Mode.INTERACTIVE
    )
    # Members' languages, most used first; the first one is the default for new members.
    languages = models.JSONField(_("languages"), default=list)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="America/Toronto", validators=[validate_timezone]
    )
    # The toolkit's planning questions, answered when the service was set up (docs/setup.md):
    # {"who": …, "gap": …, "evidence": …, "discussion": …, "partners": …}, free text.
    planning_answers = models.JSONField(_("planning answers"), default=dict, blank=True)
    # A volunteer is a moderator kept from members' intake answers and private files,
    # unless the service says otherwise (CAPABILITIES, StaffRole.can).
    volunteers_see_private = models.BooleanField(
        _("volunteers may see intake answers and private files"), default=False
    )
    # Archived: read-only, nothing more is sent (conversations.services.message_send checks
    # it); its rows and statistics stay.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Language assistance parts turned off for this service (docs/nlp.md): {"faq": false}.
    # A part not named is on, except those in ASSISTANCE_OFF_BY_DEFAULT.
    assistance = models.JSONField(_("language assistance"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Kept from when services lived in communities: the move changed no table.
        db_table = "communities_service"

    def __str__(self):
        return self.name

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    def purpose_for(self, language: str):
        """The purpose in the reader's language, else in the service's default language."""
        return pick_text(self.purpose, language, self.default_language)

    def assistance_on(self, part: str) -> bool:
        """Whether one part of the language assistance runs for this service."""
        default = part not in ASSISTANCE_OFF_BY_DEFAULT
        return bool(self.assistance.get(part, default))

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MODERATOR = "moderator", _("Moderator")
    PARTNER = "partner", _("Partner specialist")
    VIEWER = "viewer", _("Viewer")
    VOLUNTEER = "volunteer", _("Volunteer")


# What each role may do; views ask for a capability, never for a role name.
# "inbox" is every conversation and member of the service; a partner specialist has "read"
# without it, so they see only the questions assigned to them.
# Members' data (docs/privacy.md): "reveal" shows a phone number or platform address (each
# reveal is logged), "export" downloads one member's data, "erase" erases it, "access_log"
# reads who opened what. Partners and viewers have none of them.
# "read_reports" is the statistics: counts, never a member or a message; with it comes the
# results framework and evaluation plan (docs/evaluation.md), which "configure" edits.
# "record_indicators" enters the values of the framework's hand-entered indicators: the
# toolkit has the moderator collect them.
# "manage_staff" invites staff and changes or removes their roles; "create_services" is read
# across the organisation: an administrator of any of its services is an organisation
# administrator (there is no organisation-level role), and may set up a new service.
# "see_intake" shows members' answers to the join questions, "see_private_files" the files
# they send in private conversations: a volunteer has them only when the service allows it
# (Service.volunteers_see_private, VOLUNTEER_GATED). A volunteer has no "export" either: a
# member's export holds their intake answers.
# "manage_surveys" writes surveys and sends their waves (docs/surveys.md); their results are
# read with "read_reports".
# "read_plan" reads the toolkit's planning documents (docs/setup.md: checklists, policies,
# risk register, maturity self-assessment); "plan" writes them.
# "cases" reads and writes client files, case notes and call logs (docs/cases.md): never a
# partner's or a volunteer's, whatever the service allows.
CAPABILITIES = {
    Role.ADMIN: {
        "read",
        "inbox",
        "reply",
        "label",
        "moderate",
        "configure",
        "manage_staff",
        "create_services",
        "reveal",
        "export",
        "erase",
        "access_log",
        "read_reports",
        "record_indicators",
        "manage_surveys",
        "publish",
        "read_plan",
        "plan",
        "see_intake",
        "see_private_files",
        "cases",
        "merge_members",
    },
    Role.MODERATOR: {
        "read",
        "inbox",
        "reply",
        "label",
        "moderate",
        "reveal",
        "export",
        "read_reports",
        "record_indicators",
        "manage_surveys",
        "publish",
        "read_plan",
        "see_intake",
        "see_private_files",
        "cases",
        # One person's two member rows made one (members.merge): paid staff only, since it
        # moves a person's whole history; volunteers moderate but do not merge.
        "merge_members",
    },
    Role.PARTNER: {"read", "reply"},
    Role.VIEWER: {"read_reports"},
    Role.VOLUNTEER: {
        "read",
        "inbox",
        "reply",
        "label",
        "moderate",
        "reveal",
        "read_reports",
        "record_indicators",
        "manage_surveys",
        "publish",
        "read_plan",
    },
}
# What a volunteer gets only where the service allows it.
VOLUNTEER_GATED = {"see_intake", "see_private_files"}


def capabilities_of(role: str, service=None) -> set[str]:
    """A role's capabilities in a service (the service decides the volunteers' extras)."""
    found = CAPABILITIES.get(role, set())
    if role == Role.VOLUNTEER and service is not None and service.volunteers_see_private:
        found = found | VOLUNTEER_GATED
    return found


class StaffRole(models.Model):
    """One staff account's role in one service."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="staff_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The inbox's alerts for new private messages, new questions and questions about to
    # breach (docs/inbox.md): a sound, a browser notification. Each staff member's own
    # choice, kept here so it follows them from one browser to the next.
    alert_sound = models.BooleanField(default=False)
    alert_browser = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="one_role_per_service")
        ]

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def capabilities(self) -> set[str]:
        """For templates: `{% if "inbox" in role.capabilities %}`."""
        if self.role != Role.VOLUNTEER:
            return CAPABILITIES.get(self.role, set())
        return capabilities_of(self.role, self.service)

    def __str__(self):
        return f"{self.user} — {self.role} @ {self.service}"


class StaffInvitation(models.Model):
    """An invitation by e-mail to take a role in a service. The link carries a signed id
    (orgs.services.invitation_token); the row makes it single use and revocable."""

    DAYS = 7
    SALT = "passerelle.orgs.invitation"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_usable(self) -> bool:
        from django.utils import timezone

        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.service.archived_at is None
        )

    def __str__(self):
        return f"{self.email} — {self.role} @ {self.service}"


class StaffEvent(models.Model):
    """One change to a service's staff or set-up, by whom: the audit trail of staff
    management (moderation's audit log lists these rows with the others)."""

    class Kind(models.TextChoices):
        SERVICE_CREATED = "service_created", _("Service created")
        INVITED = "invited", _("Staff invited")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
        JOINED = "joined", _("Invitation accepted")
        ROLE_GIVEN = "role_given", _("Role given")
        ROLE_CHANGED = "role_changed", _("Role changed")
        REMOVED = "removed", _("Staff removed")
        SETTINGS_CHANGED = "settings_changed", _("Service settings changed")
        ARCHIVED = "archived", _("Service archived")

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="staff_events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whom it was about, by e-mail: kept readable after the account is gone.
    subject_email = models.CharField(max_length=254, blank=True)
    # {"from": "moderator", "to": "volunteer"}, {"fields": [...]}…
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["service", "-created_at"], name="staffevent_service_at")]

    def __str__(self):
        return f"{self.kind} {self.subject_email} @ {self.service_id}"
