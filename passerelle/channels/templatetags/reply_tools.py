"""`{% reply_tools role thread %}`: what each channel adds under the inbox reply box.

A channel type names a template in `reply_tools_template` (the SMS segment counter, the
WhatsApp window and template picker); it is drawn for every channel the thread's replies
would go to.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from passerelle.channels.replies import reply_channels

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_tools(context, role, thread):
    if role is None or thread is None:
        return ""
    now = timezone.now()
    parts = []
    for channel, recipient in reply_channels(thread):
        channel_type = channel.channel_type
        if not channel_type.reply_tools_template:
            continue
        parts.append(
            render_to_string(
                channel_type.reply_tools_template,
                {
                    "role": role,
                    "thread": thread,
                    "channel": channel,
                    "recipient": recipient,
                    "can_configure": role.can("configure"),
                    **channel_type.reply_tools_context(channel, thread, now),
                },
                request=context.get("request"),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the template engine
