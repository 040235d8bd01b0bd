"""Reads about staff sign-in: who needs a second factor, who has one."""

from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.orgs.models import Role, StaffRole


def two_factor_required(user) -> bool:
    """Whether this account may not work without a second factor: administrators of any
    service, Django admin users, and every role in a service whose policy asks for it."""
    if user.is_superuser or user.is_staff:
        return True
    return (
        StaffRole.objects.filter(user=user)
        .filter(Q(role=Role.ADMIN) | Q(service__sign_in_policy__require_two_factor=True))
        .exists()
    )


def confirmed_device(user) -> TOTPDevice | None:
    """The authenticator app this account confirmed, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def two_factor_expected(user) -> bool:
    """Whether a session must be verified with a code: when required, or when the person
    set up an authenticator themselves (a second factor that can be skipped is none)."""
    return two_factor_required(user) or confirmed_device(user) is not None


def staff_two_factor(role) -> list[dict]:
    """The service's staff, with whether each has two-factor set up (for its admins)."""
    roles = StaffRole.objects.filter(service_id=role.service_id).select_related("user")
    with_device = set(
        TOTPDevice.objects.filter(
            confirmed=True, user_id__in=[r.user_id for r in roles]
        ).values_list("user_id", flat=True)
    )
    return [
        {"role": r, "has_two_factor": r.user_id in with_device}
        for r in sorted(roles, key=lambda r: r.user.email)
    ]
