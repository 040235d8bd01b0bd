"""Writes for WhatsApp: the approved template list (sending one is conversations' job)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.orgs.permissions import require


def template_add(*, role, channel, name, language, category, body) -> WhatsAppTemplate:
    """Record a template Meta approved for this channel (administrators only)."""
    require(role, "configure")
    if channel.service_id != role.service_id or channel.type != "whatsapp":
        raise PermissionDenied(_("This channel belongs to another service."))
    template = WhatsAppTemplate(
        org_id=channel.org_id,
        channel=channel,
        name=(name or "").strip(),
        language=(language or "").strip(),
        category=category or WhatsAppTemplate.Category.UTILITY,
        body=(body or "").strip(),
    )
    template.full_clean()
    template.save()
    return template


def template_remove(*, role, template: WhatsAppTemplate) -> None:
    """Forget a template (messages already sent with it keep its name)."""
    require(role, "configure")
    if template.channel.service_id != role.service_id:
        raise PermissionDenied(_("This channel belongs to another service."))
    template.delete()
