"""Writes for organizations, staff accounts and their roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from passerelle.orgs.models import Organization, Role, StaffRole


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
