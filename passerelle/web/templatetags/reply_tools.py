"""`{% reply_tools role thread %}`: what each channel adds under the inbox reply box.

A channel type names a template in `reply_tools_template` (the SMS segment counter, the
WhatsApp window and template picker); it is drawn for every destination the thread's
replies would go to, with what the pipeline knows about that address.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from passerelle.channels.replies import reply_tools as channel_reply_tools
from passerelle.conversations.selectors import destinations_for

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_tools(context, role, thread):
    if role is None or thread is None or thread.kind != "private":
        return ""
    parts = []
    for tool in channel_reply_tools(destinations_for(thread), now=timezone.now()):
        template_name = tool.pop("template")
        parts.append(
            render_to_string(
                template_name,
                {"role": role, "thread": thread, "can_configure": role.can("configure"), **tool},
                request=context.get("request"),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the template engine
