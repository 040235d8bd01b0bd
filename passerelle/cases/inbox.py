"""What the inbox shows of client files (web.inbox asks): the open thread's client, the
messages that suggest urgency, and the urgent clients waiting — read in a few statements."""

from passerelle.cases.clients import case_settings_for
from passerelle.cases.models import CaseEvent, ClientFile
from passerelle.cases.protocol import limited_days_label
from passerelle.cases.urgency import possibly_urgent_ids

URGENT_SHOWN = 10


def _casework(role) -> bool:
    # Client files belong to one-to-one services: a group's inbox reads nothing of them.
    return role.service.mode == "one_to_one" and role.can("cases")


def thread_case_info(role, thread, messages) -> dict:
    """For a private thread of a client with a file (and a caseworker looking): the file,
    the ids of the messages that suggest urgency, and the days a limited client is answered."""
    if thread.kind != "private" or thread.member_id is None or not _casework(role):
        return {}
    file = ClientFile.objects.filter(service_id=role.service_id, member_id=thread.member_id).first()
    if file is None:
        return {}
    settings = case_settings_for(role.service)
    return {
        "client_file": file,
        "possibly_urgent": possibly_urgent_ids(messages, settings.urgent_keywords),
        "limited_days": limited_days_label(file)
        if file.status == ClientFile.Status.LIMITED
        else "",
    }


def urgent_waiting(role) -> list[ClientFile]:
    """Clients marked urgent and not cleared yet: the inbox's notice lists them."""
    if not _casework(role):
        return []
    return list(
        ClientFile.objects.filter(service_id=role.service_id, urgent_at__isnull=False)
        .select_related("member")
        .order_by("urgent_at")[:URGENT_SHOWN]
    )


def urgent_alerts_after(role, after_id: int | None, limit: int = 10):
    """The inbox's alerts about clients marked urgent since the event `after_id` (None:
    only where the newest stands). (events, cursor)."""
    if not _casework(role):
        return [], after_id or 0
    events = CaseEvent.objects.filter(file__service_id=role.service_id, kind=CaseEvent.Kind.URGENT)
    if after_id is None:
        newest = events.order_by("-pk").values_list("pk", flat=True).first()
        return [], newest or 0
    found = list(
        events.filter(pk__gt=after_id)
        .select_related("file__member", "message")
        .order_by("pk")[:limit]
    )
    return found, found[-1].pk if found else after_id
