"""Reads of client files, always scoped by the staff role's service."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from passerelle.cases.models import CaseNote, CaseSettings, ClientFile
from passerelle.conversations.models import Thread
from passerelle.members.models import ConsentEvent, Member
from passerelle.members.selectors import member_search
from passerelle.orgs.models import Service, StaffRole, capabilities_of
from passerelle.referrals.models import Partner

# The caseload's views, in the order of its tabs.
VIEWS = ("mine", "due", "overdue", "lost", "all")
DUE_WITHIN = timedelta(days=7)
# Unanswered check-ins in a row that make "lost contact" (§10).
LOST_AFTER = 2


def _require(role) -> None:
    # Case notes and client files: never a partner's or a volunteer's (docs/cases.md);
    # and only a one-to-one service keeps them.
    if not role.can("cases"):
        raise PermissionDenied
    if role.service.mode != Service.Mode.ONE_TO_ONE:
        raise Http404("No client files in this service")


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


def _view_filters(role, now) -> dict[str, Q]:
    open_ = ~Q(status=ClientFile.Status.CLOSED)
    return {
        "mine": Q(caseworker_id=role.user_id) & open_,
        "due": Q(next_followup_at__gte=now, next_followup_at__lt=now + DUE_WITHIN) & open_,
        "overdue": Q(next_followup_at__lt=now) & open_,
        "lost": Q(checkins_unanswered__gte=LOST_AFTER) & open_,
        "all": Q(),
    }


def caseload(role, *, view: str = "mine", status: str = "", query: str = "", now=None):
    """One tab of the caseload: my clients, due a follow-up within a week, overdue, lost
    contact (two check-ins unanswered), or all; narrowed by status and by name."""
    now = now or timezone.now()
    files = client_files(role).filter(_view_filters(role, now).get(view, Q()))
    if status in ClientFile.Status.values:
        files = files.filter(status=status)
    if query:
        files = files.filter(member__display_name__icontains=query.strip())
    if view in ("due", "overdue"):
        return files.order_by("next_followup_at", "pk")
    return files.order_by("member__display_name", "pk")


def caseload_counts(role, *, status: str = "", query: str = "", now=None) -> dict[str, int]:
    """How many files each tab holds (with the same status and name filters): one query."""
    now = now or timezone.now()
    files = client_files(role)
    if status in ClientFile.Status.values:
        files = files.filter(status=status)
    if query:
        files = files.filter(member__display_name__icontains=query.strip())
    filters = _view_filters(role, now)
    return files.aggregate(**{name: Count("pk", filter=filters[name]) for name in VIEWS})


def caseworker_ids(service) -> set[int]:
    """The staff accounts of a service whose role may hold client files."""
    roles = StaffRole.objects.filter(service=service).values_list("user_id", "role")
    return {user_id for user_id, role in roles if "cases" in capabilities_of(role, service)}


def caseworkers(service):
    """The staff a file may be assigned to, by name."""
    return (
        get_user_model()
        .objects.filter(pk__in=caseworker_ids(service))
        .order_by("first_name", "email")
    )


def case_settings_for(service) -> CaseSettings | None:
    return CaseSettings.objects.filter(service=service).first()


def file_history(file: ClientFile):
    """What happened on the file, newest first."""
    return file.events.select_related("actor", "message").order_by("-created_at", "-id")


def file_notes(file: ClientFile):
    return file.notes.select_related("author", "message")


def file_calls(file: ClientFile):
    return file.calls.select_related("logged_by")


def notes_by_message(role, thread) -> dict[int, list]:
    """The case notes about each message of a private thread ({message id: [notes]}), for
    the inbox: empty for anyone without "cases", in any service that is not one-to-one."""
    if (
        role is None
        or not role.can("cases")
        or role.service.mode != Service.Mode.ONE_TO_ONE
        or thread is None
        or thread.member_id is None
    ):
        return {}
    found: dict[int, list] = {}
    notes = (
        CaseNote.objects.filter(
            file__service_id=role.service_id,
            file__member_id=thread.member_id,
            message__thread_id=thread.pk,
        )
        .select_related("author")
        .order_by("created_at", "id")
    )
    for note in notes:
        found.setdefault(note.message_id, []).append(note)
    return found


def enrolable_members(role, *, query: str = "", limit: int = 20) -> list:
    """Members of the service without a file yet, named or reached like `query` (the
    enrol page's search): the newest first."""
    _require(role)
    members = (
        Member.objects.filter(memberships__service_id=role.service_id, erased_at__isnull=True)
        .exclude(client_files__service_id=role.service_id)
        .order_by("-created_at", "-pk")
    )
    if query.strip():
        members = members.filter(member_search(query.strip(), "pk"))
    return list(members[:limit])


def private_thread_of(file: ClientFile):
    """The client's private conversation in the service, if they have one."""
    return Thread.objects.filter(
        service_id=file.service_id, member_id=file.member_id, kind=Thread.Kind.PRIVATE
    ).first()


def consent_rows(file: ClientFile) -> list:
    """The client's consent history in the service, newest first (with the partner named)."""
    rows = list(
        ConsentEvent.objects.filter(service_id=file.service_id, member_id=file.member_id)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
    )
    partner_ids = {int(r.scope.split(":")[1]) for r in rows if r.scope.startswith("partner:")}
    names = dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name"))
    for row in rows:
        row.partner_name = (
            names.get(int(row.scope.split(":")[1]), "") if row.scope.startswith("partner:") else ""
        )
    return rows


def consent_now(file: ClientFile) -> list:
    """Where each consent stands now, purpose by purpose (and partner by partner)."""
    rows = consent_rows(file)
    latest = {}
    for row in reversed(rows):  # oldest first: the latest answer wins
        if row.action != ConsentEvent.Action.INFORMED and row.purpose in ConsentEvent.CASE:
            latest[(row.purpose, row.scope)] = row
    return sorted(latest.values(), key=lambda r: (ConsentEvent.CASE.index(r.purpose), r.scope))


def consent_document_get(role, file: ClientFile, consent_id: int) -> ConsentEvent:
    _require(role)
    row = (
        ConsentEvent.objects.filter(
            pk=consent_id,
            service_id=role.service_id,
            member_id=file.member_id,
            document__isnull=False,
        )
        .select_related("document")
        .first()
    )
    if row is None:
        raise Http404("No such document")
    return row
