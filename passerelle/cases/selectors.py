"""Reads of client files, always scoped by the staff role's service."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from passerelle.cases.models import ClientFile


def _require(role) -> None:
    # Case notes and client files: never a partner's or a volunteer's (docs/cases.md).
    if not role.can("cases"):
        raise PermissionDenied


def client_files(role):
    """The service's client files (the caseload views filter these)."""
    _require(role)
    return ClientFile.objects.filter(service_id=role.service_id).select_related(
        "member", "caseworker"
    )


def client_file_get(role, file_id: int) -> ClientFile:
    _require(role)
    try:
        return client_files(role).get(pk=file_id)
    except ClientFile.DoesNotExist:
        raise Http404 from None


def client_file_for_member(service_id: int, member_id: int) -> ClientFile | None:
    """The member's file in a service, if enrolled (for the domain's own checks)."""
    return ClientFile.objects.filter(service_id=service_id, member_id=member_id).first()
