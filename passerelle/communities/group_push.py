"""Web chat members' browsers are told of a staff message in the group (Web Push).

A private message pushes to its one address in the pipeline; a group message goes to the
group, not to addresses, and who is in the group is the community's to say: the members
active here whose web chat browser has subscribed. One platform action per channel and
message (the worker pushes), nothing when nobody subscribed.
"""

from django.db.models import Subquery

from passerelle.channels.actions import platform_action_queue
from passerelle.channels.models import PushSubscription
from passerelle.channels.selectors import channels_by_platform
from passerelle.communities.models import Membership
from passerelle.conversations.models import Thread
from passerelle.members.models import Identity


def group_message_notify(*, reply, thread) -> int:
    """conversations.staff_reply_listen: queue the pushes of a staff group message."""
    if thread.kind != Thread.Kind.GROUP:
        return 0
    queued = 0
    for channel, _platform in channels_by_platform(thread.service_id):
        if "notify" not in channel.channel_type.supported_actions:
            continue
        subscribed = PushSubscription.objects.filter(channel=channel).values("address")
        addresses = list(
            Identity.objects.filter(
                org_id=thread.org_id,
                platform=channel.channel_type.platform,
                address__in=Subquery(subscribed),
                member__in=Membership.objects.filter(
                    service_id=thread.service_id, status=Membership.Status.ACTIVE
                ).values("member_id"),
            )
            .values_list("address", flat=True)
            .distinct()
        )
        if not addresses:
            continue
        platform_action_queue(
            channel=channel,
            action="notify",
            params={"addresses": addresses, "text": reply.text},
            dedupe_key=f"notify:{channel.pk}:{reply.pk}",
        )
        queued += 1
    return queued
