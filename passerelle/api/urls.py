"""REST API (django-ninja): the same selectors and services as the UI, same tenancy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from passerelle.api.reports import router as reports_router
from passerelle.conversations import selectors, services
from passerelle.conversations.models import Thread
from passerelle.members.models import StaffAccess
from passerelle.members.services import staff_access_record
from passerelle.orgs.selectors import role_for, roles_for

# The schema describes every endpoint: only signed-in staff read it.
api = NinjaAPI(title="Passerelle API", version="1", auth=django_auth, docs_decorator=login_required)
api.add_router("", reports_router)


class ServiceOut(Schema):
    slug: str
    name: str
    role: str


class ThreadOut(Schema):
    id: int
    kind: str
    member: str | None
    unread_count: int


class MessageOut(Schema):
    id: int
    direction: str
    text: str
    # Why the text is empty: "member_request" (erased) or "retention"; "" otherwise.
    redacted: str
    label: str
    language: str
    created_at: str
    member: str | None


class ReplyIn(Schema):
    text: str


def _message_out(m) -> dict:
    return {
        "id": m.pk,
        "direction": m.direction,
        "text": m.text,
        "redacted": m.redacted,
        "label": m.label,
        "language": m.language,
        "created_at": m.created_at.isoformat(),
        "member": m.member.display_name if m.member else None,
    }


@api.get("/services", response=list[ServiceOut])
def list_services(request):
    return [
        {"slug": r.service.slug, "name": r.service.name, "role": r.role}
        for r in roles_for(request.user)
    ]


@api.get("/services/{slug}/threads", response=list[ThreadOut])
def list_threads(request, slug: str):
    role = role_for(request.user, slug, "inbox")
    return [
        {
            "id": t.pk,
            "kind": t.kind,
            "unread_count": t.unread_count,
            "member": t.member.display_name if t.member else None,
        }
        for t in selectors.threads_for(role)[:200]
    ]


@api.get("/services/{slug}/threads/{thread_id}/messages", response=list[MessageOut])
def list_messages(request, slug: str, thread_id: int, before: int | None = None):
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id)
    messages, _more = selectors.messages_for(role, thread, before_id=before)
    if thread.kind == Thread.Kind.PRIVATE and thread.member is not None:
        staff_access_record(
            service=role.service,
            member=thread.member,
            user=request.user,
            kind=StaffAccess.Kind.PRIVATE_THREAD,
            detail="api",
        )
    return [_message_out(m) for m in messages]


@api.post("/services/{slug}/threads/{thread_id}/reply", response={201: MessageOut, 422: dict})
def reply(request, slug: str, thread_id: int, payload: ReplyIn):
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id)
    try:
        message = services.message_reply(role=role, thread=thread, text=payload.text)
    except ValidationError as exc:
        return 422, {"detail": exc.messages}
    except PermissionDenied as exc:
        return 422, {"detail": [str(exc)]}
    return 201, _message_out(message)
