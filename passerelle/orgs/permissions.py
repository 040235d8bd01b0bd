"""The one permission check every service function makes before it writes."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(role, capability: str, service_id: int | None = None) -> None:
    """PermissionDenied unless the role may do `capability` (in that very service, if given)."""
    if role is None or not role.can(capability):
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    if service_id is not None and role.service_id != service_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
