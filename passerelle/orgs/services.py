"""Writes for organizations, staff accounts and their roles."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.orgs.models import (
    ASSISTANCE_OFF_BY_DEFAULT,
    ASSISTANCE_PARTS,
    Organization,
    Role,
    Service,
    StaffEvent,
    StaffInvitation,
    StaffRole,
)
from passerelle.orgs.permissions import require
from passerelle.orgs.signals import service_archiving


def organization_ensure(*, slug: str, name: str) -> tuple[Organization, bool]:
    """The organization with this slug, created with this name if new; returns (org, created)."""
    with transaction.atomic():
        org = Organization.objects.filter(slug=slug).first()
        if org is not None:
            return org, False
        org = Organization(slug=slug, name=name)
        org.full_clean()
        org.save()
        return org, True


def staff_add(
    *,
    email: str,
    service,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
):
    """Give a person (created if new, with that name) a role in a service: (user, created).

    A password must pass settings.AUTH_PASSWORD_VALIDATORS (ValidationError otherwise,
    nothing saved): the command line is no way around the rules the UI applies.
    """
    if role not in Role.values:
        raise ValueError(f"role must be one of {', '.join(Role.values)}")
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            username=email,
            defaults={"email": email, "first_name": first_name, "last_name": last_name},
        )
        if password:
            validate_password(password, user)
            user.set_password(password)
            user.save(update_fields=["password"])
        elif created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        StaffRole.objects.update_or_create(
            user=user, service=service, defaults={"role": role, "org": service.org}
        )
    return user, created


def staff_alerts_set(*, role, sound: bool, browser: bool) -> None:
    """A staff member's own choice of inbox alerts in one service (docs/inbox.md)."""
    StaffRole.objects.filter(pk=role.pk).update(alert_sound=sound, alert_browser=browser)
    role.alert_sound, role.alert_browser = sound, browser


# --- Staff management from the web (docs/setup.md). Each change writes a StaffEvent. ---

INVITATION_DAYS = StaffInvitation.DAYS


def staff_event_add(*, service, kind: str, actor=None, subject_email: str = "", data=None):
    """The audit row of one staff-management change."""
    return StaffEvent.objects.create(
        org_id=service.org_id,
        service=service,
        kind=kind,
        actor=actor,
        subject_email=subject_email,
        data=data or {},
    )


def require_open(service) -> None:
    """ValidationError if the service is archived: the one check of the services that send."""
    if service.archived_at is not None:
        raise ValidationError(_("This service is archived: nothing more is sent from it."))


def invitation_token(invitation: StaffInvitation) -> str:
    """The signed id in the invitation link (signing.loads checks it was ours)."""
    return signing.dumps(invitation.pk, salt=StaffInvitation.SALT)


def _check_role_name(new_role: str) -> None:
    if new_role not in Role.values:
        raise ValidationError(_("Choose one of the listed roles."))


def staff_invite(*, role, email: str, new_role: str, link_for) -> StaffInvitation | StaffRole:
    """An administrator invites a person by e-mail to a role in their service.

    Someone who already has a Passerelle account just gets the role (and an e-mail saying
    so): returns their StaffRole. Anyone else gets a single-use link, valid INVITATION_DAYS
    days, to set a password: returns the StaffInvitation. `link_for(token)` is the link's
    absolute URL (the view knows the host).
    """
    require(role, "manage_staff")
    service = role.service
    require_open(service)
    _check_role_name(new_role)
    email = (email or "").strip().lower()
    validate_email(email)
    User = get_user_model()
    existing = User.objects.filter(username=email).first()
    if existing is not None and existing.has_usable_password():
        if StaffRole.objects.filter(user=existing, service=service).exists():
            raise ValidationError(_("%(email)s already works in this service.") % {"email": email})
        with transaction.atomic():
            given = StaffRole.objects.create(
                user=existing, service=service, org_id=service.org_id, role=new_role
            )
            staff_event_add(
                service=service,
                kind=StaffEvent.Kind.ROLE_GIVEN,
                actor=role.user,
                subject_email=email,
                data={"to": new_role},
            )
        _mail(
            email,
            _("You now work in %(service)s on Passerelle") % {"service": service.name},
            _("%(who)s gave you the role “%(role)s” in %(service)s. Sign in as usual.")
            % {"who": _name(role.user), "role": Role(new_role).label, "service": service.name},
        )
        return given
    with transaction.atomic():
        # A new invitation replaces the pending ones to the same address.
        StaffInvitation.objects.filter(
            service=service, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=timezone.now())
        invitation = StaffInvitation.objects.create(
            org_id=service.org_id,
            service=service,
            email=email,
            role=new_role,
            invited_by=role.user,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.INVITED,
            actor=role.user,
            subject_email=email,
            data={"to": new_role},
        )
    link = link_for(invitation_token(invitation))
    _mail(
        email,
        _("Invitation to %(service)s on Passerelle") % {"service": service.name},
        _(
            "%(who)s invites you to work in %(service)s as “%(role)s”.\n\n"
            "Open this link to choose your password (it works once, for %(days)s days):\n"
            "%(link)s\n"
        )
        % {
            "who": _name(role.user),
            "service": service.name,
            "role": Role(new_role).label,
            "days": INVITATION_DAYS,
            "link": link,
        },
    )
    return invitation


def invitation_revoke(*, role, invitation_id: int) -> None:
    """An administrator withdraws a pending invitation: its link stops working."""
    require(role, "manage_staff")
    invitation = StaffInvitation.objects.filter(
        service_id=role.service_id, pk=invitation_id, accepted_at=None, revoked_at=None
    ).first()
    if invitation is None:
        raise ValidationError(_("This invitation is no longer pending."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        staff_event_add(
            service=role.service,
            kind=StaffEvent.Kind.INVITATION_REVOKED,
            actor=role.user,
            subject_email=invitation.email,
        )


def invitation_accept(
    *, invitation: StaffInvitation, password: str, first_name: str = "", last_name: str = ""
):
    """The invited person chooses a password: their account and role exist from now on.
    The password must pass settings.AUTH_PASSWORD_VALIDATORS (ValidationError otherwise)."""
    User = get_user_model()
    with transaction.atomic():
        # Single use, even with two tabs open on the link.
        locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_usable:
            raise ValidationError(_("This invitation link has expired or was already used."))
        user = User.objects.filter(username=locked.email).first() or User(
            username=locked.email, email=locked.email
        )
        validate_password(password, user)
        user.set_password(password)
        if first_name or last_name:
            user.first_name, user.last_name = first_name.strip(), last_name.strip()
        user.save()
        StaffRole.objects.update_or_create(
            user=user,
            service_id=locked.service_id,
            defaults={"role": locked.role, "org_id": locked.org_id},
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        staff_event_add(
            service=locked.service,
            kind=StaffEvent.Kind.JOINED,
            actor=user,
            subject_email=locked.email,
            data={"to": locked.role},
        )
    return user


def _staff_row(role, staff_role_id: int) -> StaffRole:
    target = (
        StaffRole.objects.filter(service_id=role.service_id, pk=staff_role_id)
        .select_related("user")
        .first()
    )
    if target is None:
        raise ValidationError(_("This person no longer works in this service."))
    return target


def _keep_an_admin(target: StaffRole) -> None:
    if target.role != Role.ADMIN:
        return
    others = (
        StaffRole.objects.select_for_update()
        .filter(service_id=target.service_id, role=Role.ADMIN)
        .exclude(pk=target.pk)
    )
    if not others.exists():
        raise ValidationError(
            _("A service needs at least one administrator: give the role to someone else first.")
        )


def staff_role_set(*, role, staff_role_id: int, new_role: str) -> StaffRole:
    """An administrator changes someone's role in the service (never its last admin's)."""
    require(role, "manage_staff")
    _check_role_name(new_role)
    with transaction.atomic():
        target = _staff_row(role, staff_role_id)
        if target.role == new_role:
            return target
        if new_role != Role.ADMIN:
            _keep_an_admin(target)
        before = target.role
        target.role = new_role
        target.save(update_fields=["role"])
        staff_event_add(
            service=role.service,
            kind=StaffEvent.Kind.ROLE_CHANGED,
            actor=role.user,
            subject_email=target.user.email,
            data={"from": before, "to": new_role},
        )
    return target


def staff_remove(*, role, staff_role_id: int) -> None:
    """An administrator takes someone's role away (their account stays, for other services
    and for the history their name is on)."""
    require(role, "manage_staff")
    with transaction.atomic():
        target = _staff_row(role, staff_role_id)
        _keep_an_admin(target)
        target.delete()
        staff_event_add(
            service=role.service,
            kind=StaffEvent.Kind.REMOVED,
            actor=role.user,
            subject_email=target.user.email,
            data={"from": target.role},
        )


def service_admin_give(*, service, user) -> StaffRole:
    """The person who set a service up administers it (the set-up wizard's last step)."""
    with transaction.atomic():
        given, _created = StaffRole.objects.update_or_create(
            user=user, service=service, defaults={"role": Role.ADMIN, "org_id": service.org_id}
        )
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.SERVICE_CREATED,
            actor=user,
            subject_email=user.email,
            data={"to": Role.ADMIN},
        )
    return given


def service_general_set(
    *, role, name: str, audience: str, languages: list[str], timezone_name: str
) -> Service:
    """An administrator changes the service's name, audience, languages (in order) and
    time zone from Service settings."""
    require(role, "configure")
    service = role.service
    languages = list(dict.fromkeys(code for code in languages if code))
    if not languages:
        raise ValidationError(_("Choose at least one language."))
    before = {f: getattr(service, f) for f in ("name", "audience", "languages", "timezone")}
    service.name, service.audience = name.strip(), audience.strip()
    service.languages, service.timezone = languages, timezone_name
    service.full_clean()
    changed = [f for f, value in before.items() if getattr(service, f) != value]
    with transaction.atomic():
        service.save(update_fields=["name", "audience", "languages", "timezone"])
        if changed:
            staff_event_add(
                service=service,
                kind=StaffEvent.Kind.SETTINGS_CHANGED,
                actor=role.user,
                data={"fields": changed},
            )
    return service


def service_volunteers_set(*, role, allowed: bool) -> Service:
    """An administrator lets volunteers see intake answers and private files, or not."""
    require(role, "configure")
    service = role.service
    if service.volunteers_see_private == allowed:
        return service
    with transaction.atomic():
        service.volunteers_see_private = allowed
        service.save(update_fields=["volunteers_see_private"])
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.SETTINGS_CHANGED,
            actor=role.user,
            data={"fields": ["volunteers_see_private"], "to": allowed},
        )
    return service


def service_archive(*, role) -> Service:
    """An administrator archives the service: read-only from now on, its rows and
    statistics kept. Receivers of `service_archiving` (the posts app's closing
    announcement) run first, in the same transaction, while the
    service can still send."""
    require(role, "configure")
    service = role.service
    if service.archived_at is not None:
        return service
    with transaction.atomic():
        service_archiving.send(sender=Service, service=service, actor=role.user)
        service.archived_at = timezone.now()
        service.save(update_fields=["archived_at"])
        staff_event_add(service=service, kind=StaffEvent.Kind.ARCHIVED, actor=role.user)
    return service


def _name(user) -> str:
    return (user.get_full_name() or user.email) if user is not None else "Passerelle"


def _mail(to: str, subject: str, body: str) -> None:
    send_mail(subject, body, None, [to])


PLANNING_KEYS = ("who", "gap", "evidence", "discussion", "partners")


def service_planning_set(*, role, answers: dict) -> Service:
    """An administrator revises the toolkit's planning answers given at set-up."""
    require(role, "configure")
    service = role.service
    service.planning_answers = {k: (answers.get(k) or "").strip() for k in PLANNING_KEYS}
    with transaction.atomic():
        service.save(update_fields=["planning_answers"])
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.SETTINGS_CHANGED,
            actor=role.user,
            data={"fields": ["planning_answers"]},
        )
    return service


def service_assistance_set(*, role, parts: dict) -> Service:
    """An administrator turns parts of the language assistance on or off (docs/nlp.md)."""
    require(role, "configure")
    unknown = set(parts) - set(ASSISTANCE_PARTS)
    if unknown:
        raise ValidationError(_("Unknown part of the language assistance."))
    service = role.service
    # Only what differs from the default is stored: a part added later gets its default.
    wanted = {
        part: bool(on)
        for part, on in parts.items()
        if bool(on) != (part not in ASSISTANCE_OFF_BY_DEFAULT)
    }
    kept = {p: v for p, v in (service.assistance or {}).items() if p not in parts}
    assistance = {**kept, **wanted}
    if assistance == (service.assistance or {}):
        return service
    with transaction.atomic():
        service.assistance = assistance
        service.save(update_fields=["assistance"])
        staff_event_add(
            service=service,
            kind=StaffEvent.Kind.SETTINGS_CHANGED,
            actor=role.user,
            data={"fields": ["assistance"], "to": assistance},
        )
    return service
