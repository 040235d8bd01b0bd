"""Writes for services and memberships; every membership change writes an event row."""

from django.db import transaction
from django.utils import timezone

from passerelle.communities.models import Guidelines, Membership, MembershipEvent, Service


def service_create(
    *,
    org,
    slug,
    name,
    languages,
    timezone_name,
    mode=Service.Mode.INTERACTIVE,
    purpose="",
    audience="",
) -> Service:
    """Create a service; its group thread exists from the start."""
    from passerelle.conversations.services import group_thread_for

    service = Service(
        org=org,
        slug=slug,
        name=name,
        languages=list(languages),
        timezone=timezone_name,
        mode=mode,
        purpose=purpose,
        audience=audience,
    )
    service.full_clean()
    with transaction.atomic():
        service.save()
        group_thread_for(service)
    return service


def guidelines_publish(*, service, texts: dict, actor=None) -> Guidelines:
    """Publish a new version of the guidelines (older versions stay for the record)."""
    with transaction.atomic():
        last = service.guidelines.select_for_update().order_by("-version").first()
        return Guidelines.objects.create(
            org=service.org,
            service=service,
            version=(last.version + 1 if last else 1),
            texts=texts,
            created_by=actor,
        )


def membership_event_add(*, membership, kind, actor=None, reason="", data=None, at=None):
    """Record one change to a membership."""
    return MembershipEvent.objects.create(
        org_id=membership.org_id,
        membership=membership,
        kind=kind,
        actor=actor,
        reason=reason,
        data=data or {},
        created_at=at or timezone.now(),
    )


def membership_ensure(*, service, member, via: str = "", at=None) -> Membership:
    """The member's membership, created active (with a `joined` event) on first contact."""
    membership = Membership.objects.filter(service=service, member=member).first()
    if membership is not None:
        return membership
    at = at or timezone.now()
    membership = Membership.objects.create(
        org=service.org,
        service=service,
        member=member,
        status=Membership.Status.ACTIVE,
        joined_at=at,
    )
    membership_event_add(
        membership=membership, kind=MembershipEvent.Kind.JOINED, data={"via": via}, at=at
    )
    return membership


def membership_leave(*, membership, via: str, actor=None, reason="", at=None) -> bool:
    """End a membership because the person left; False if it had already ended."""
    at = at or timezone.now()
    updated = Membership.objects.filter(pk=membership.pk, status=Membership.Status.ACTIVE).update(
        status=Membership.Status.LEFT, ended_at=at
    )
    if updated:
        membership_event_add(
            membership=membership,
            kind=MembershipEvent.Kind.LEFT,
            actor=actor,
            reason=reason,
            data={"via": via},
            at=at,
        )
    return bool(updated)
