"""What the protocol's and the follow-up's actions share: the permission check on a file,
the service's case settings and the language the client reads."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from passerelle.cases.models import CaseSettings, ClientFile

# The prompt owner of the monthly check-in (cases.apps registers it).
CHECKIN_OWNER = "case_checkin"


def require_file(role, file: ClientFile) -> None:
    """Client files are the caseworkers' (capability "cases"), in their own service."""
    if not role.can("cases"):
        raise PermissionDenied
    if file.service_id != role.service_id:
        raise PermissionDenied(_("This client file belongs to another service."))


def case_settings_for(service) -> CaseSettings:
    """The service's case settings (a blank row until an administrator fills them)."""
    found = CaseSettings.objects.filter(service=service).first()
    return found or CaseSettings(org_id=service.org_id, service=service)


def client_language(file: ClientFile) -> str:
    """The language the client reads: the member's, else the file's first, else the service's."""
    languages = file.languages or []
    service_languages = file.service.languages or ["en"]
    return file.member.language or (languages[0] if languages else "") or service_languages[0]


def survey_clients(service):
    """The member ids a one-to-one service's satisfaction surveys reach (§8): its clients
    being served (surveys.selectors calls it, registered in cases.apps)."""
    return ClientFile.objects.filter(
        service=service, status__in=(ClientFile.Status.ENROLLED, ClientFile.Status.LIMITED)
    ).values("member_id")
