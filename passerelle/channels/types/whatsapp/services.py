"""Writes for WhatsApp: the approved template list, and sending a template to a member."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.channels.replies import outbound_on_channel
from passerelle.channels.types.whatsapp.models import TemplateMessage, WhatsAppTemplate

MAX_PARAM_LENGTH = 1024


def _require(role, capability: str) -> None:
    if role is None or not role.can(capability):
        raise PermissionDenied(_("You are not allowed to do this in this service."))


def template_add(*, role, channel, name, language, category, body) -> WhatsAppTemplate:
    """Record a template Meta approved for this channel (administrators only)."""
    _require(role, "configure")
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
    _require(role, "configure")
    if template.channel.service_id != role.service_id:
        raise PermissionDenied(_("This channel belongs to another service."))
    template.delete()


def template_send(*, role, thread, template: WhatsAppTemplate, params: list[str]):
    """Send an approved template in a private thread: one Message, one WhatsApp send."""
    from passerelle.conversations.models import Message, Thread

    _require(role, "reply")
    channel = template.channel
    if thread.service_id != role.service_id or channel.service_id != role.service_id:
        raise PermissionDenied(_("This conversation belongs to another service."))
    if thread.kind != Thread.Kind.PRIVATE or thread.member is None:
        raise ValidationError(_("Templates go to one person, in a private conversation."))
    address = (
        thread.member.identities.filter(platform=channel.channel_type.platform)
        .values_list("address", flat=True)
        .first()
    )
    if not address or not channel.is_active:
        raise ValidationError(_("This person has no WhatsApp number on this service."))
    params = [(p or "").strip() for p in params]
    if len(params) != template.param_count or not all(params):
        raise ValidationError(
            _("Fill in every parameter of the template (%(n)d).") % {"n": template.param_count}
        )
    if any(len(p) > MAX_PARAM_LENGTH for p in params):
        raise ValidationError(
            _("A parameter can have at most %(n)d characters.") % {"n": MAX_PARAM_LENGTH}
        )
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            org_id=thread.org_id,
            service_id=thread.service_id,
            thread=thread,
            channel=channel,
            direction=Message.Direction.OUT,
            author=role.user,
            text=template.render(params),
            member=thread.member,
            created_at=now,
            language=template.language.split("_")[0],
        )
        TemplateMessage.objects.create(
            message=message,
            template=template,
            name=template.name,
            language=template.language,
            params=params,
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now, unread_count=0)
        outbound_on_channel(message=message, channel=channel, recipient=address)
    return message
