"""Events' reads for staff: an event and who registered, scoped by the staff role."""

from django.db.models import Count, Q

from passerelle.events.models import Event, Registration


def _allowed(role) -> bool:
    return role is not None and role.can("publish")


def event_of(role, post) -> Event | None:
    if not _allowed(role) or post.service_id != role.service.pk:
        return None
    return (
        Event.objects.filter(post=post)
        .annotate(
            registered=Count("registrations", filter=Q(registrations__state="registered")),
            waiting=Count("registrations", filter=Q(registrations__state="waiting")),
        )
        .first()
    )


def registrations_of(role, event: Event, *, state: str = ""):
    if not _allowed(role) or event.service_id != role.service.pk:
        return Registration.objects.none()
    rows = Registration.objects.filter(event=event).select_related("member", "changed_by")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("state", "registered_at", "pk")


def registration_get(role, event: Event, registration_id) -> Registration | None:
    return registrations_of(role, event).filter(pk=registration_id).first()
