"""What django-axes counts failed sign-ins by: the account as stored, and the client's
address as the TLS proxy saw it (settings.AXES_CLIENT_IP_CALLABLE / _USERNAME_CALLABLE)."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind PASSERELLE_BEHIND_PROXY the address the proxy appended last
    to X-Forwarded-For (earlier entries are whatever the client wrote)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last[:45]
    return request.META.get("REMOTE_ADDR", "")


def username(request, credentials) -> str:
    """Staff accounts are stored lower-case: `Lina@…` and `lina@…` are one account."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()
