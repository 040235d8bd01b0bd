"""Template tags of the channels app: the admin link, and the send states in the inbox."""

from django import template

from passerelle.channels.models import OutboundMessage

register = template.Library()


@register.filter
def can_configure(role) -> bool:
    return bool(role is not None and role.can("configure"))


@register.inclusion_tag("channels/partials/_send_states.html")
def send_states(message):
    """How a staff message's sends stand: a badge per state, failures with their reason."""
    from django.db.models import Count

    sends = OutboundMessage.objects.filter(source_id=message.pk)
    counts = dict(sends.values_list("state").annotate(n=Count("pk")).order_by())
    failed = list(
        sends.filter(state=OutboundMessage.State.FAILED)
        .select_related("channel")
        .order_by("pk")[:3]
    )
    labels = dict(OutboundMessage.State.choices)
    arrived = (
        OutboundMessage.State.SENT,
        OutboundMessage.State.DELIVERED,
        OutboundMessage.State.READ,
    )
    return {
        # A timed-out attempt, then a successful one: the member may have it twice.
        "maybe_twice": sends.filter(maybe_sent_at__isnull=False, state__in=arrived).count(),
        "states": [(state, labels[state], counts[state]) for state in labels if state in counts],
        "total": sum(counts.values()),
        "failed": failed,
    }
