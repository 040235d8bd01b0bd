"""Writes for staff sign-in: the service policy, authenticator set-up and reset."""

import logging

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.accounts.models import SignInPolicy

log = logging.getLogger(__name__)
DEVICE_NAME = "Authenticator app"


def sign_in_policy_set(*, role, require_two_factor: bool) -> SignInPolicy:
    """Change whether every staff member of the role's service needs two-factor."""
    if not role.can("configure"):
        raise PermissionError("only a service administrator changes its sign-in policy")
    policy, _created = SignInPolicy.objects.update_or_create(
        service_id=role.service_id,
        defaults={"require_two_factor": require_two_factor, "updated_by": role.user},
    )
    log.info(
        "service %s: two-factor for all staff %s by user %s",
        role.service_id,
        "required" if require_two_factor else "not required",
        role.user_id,
    )
    return policy


def two_factor_device_start(*, user) -> TOTPDevice:
    """The authenticator being set up for this account (a new secret if none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def two_factor_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending authenticator with a code it shows; it replaces any older one and
    verifies this session. False when the code is wrong (django-otp throttles retries)."""
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    two_factor_session_verify(request=request, device=device)
    log.info("user %s set up two-factor authentication", device.user_id)
    return True


def two_factor_session_verify(*, request, device: TOTPDevice) -> None:
    """Mark this session as verified with `device`, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def two_factor_reset(*, user) -> int:
    """Remove an account's authenticators (a lost phone); it sets one up at next sign-in."""
    count, _details = TOTPDevice.objects.filter(user=user).delete()
    log.warning("two-factor authentication reset for user %s", user.pk)
    return count
