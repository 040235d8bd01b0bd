"""Reads for WhatsApp pages; each takes the staff role first and stays in its service."""

from django.http import Http404

from passerelle.channels.models import Channel
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate


def channels_for(role):
    """The role's service's active WhatsApp channels."""
    return Channel.objects.filter(service_id=role.service_id, type="whatsapp", is_active=True)


def channel_get(role, channel_id) -> Channel:
    """One WhatsApp channel of the role's service, or 404."""
    channel = channels_for(role).filter(pk=channel_id).first()
    if channel is None:
        raise Http404("No such channel")
    return channel


def template_get(role, template_id) -> WhatsAppTemplate:
    """One template of a WhatsApp channel of the role's service, or 404."""
    template = (
        WhatsAppTemplate.objects.filter(pk=template_id, channel__service_id=role.service_id)
        .select_related("channel", "channel__service")
        .first()
    )
    if template is None:
        raise Http404("No such template")
    return template
