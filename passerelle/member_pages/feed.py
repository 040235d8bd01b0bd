"""The member-side view of messages, shared by the simulator and the web chat pages."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from passerelle.channels.outgoing_files import outgoing_file_for, signed_url
from passerelle.communities.models import Membership
from passerelle.communities.selectors import membership_status
from passerelle.conversations.selectors import member_feed
from passerelle.members.models import Identity


def _author(message, channel) -> str:
    if message.direction == "in":
        if message.member is None:
            return ""
        return _("Erased member") if message.member.erased_at else message.member.display_name
    if message.author:
        return message.author.get_full_name() or message.author.email
    # Automatic messages (welcome, after-hours, follow-ups) speak for the service.
    return channel.service.name


def _media(message, mine: bool, file_url) -> dict | None:
    """The member's own file, served back to them by their page (native channels only),
    or a file staff sent."""
    media = (message.extra or {}).get("media") or {}
    if message.direction == "out" and media.get("file"):
        # A staff file: every member of the conversation sees it, at its signed address.
        stored = outgoing_file_for(message.org_id, media)
        if stored is None:
            return None
        return {
            "kind": message.media_kind,
            "url": signed_url(stored, absolute=False),
            "file_name": stored.file_name,
        }
    if not mine or not media.get("file_id") or message.channel_id is None:
        return None
    return {
        "kind": message.media_kind,
        "url": file_url(media["file_id"]),
        "file_name": media.get("file_name") or "",
    }


def _member(channel, address: str | None):
    if not address:
        return None
    identity = (
        Identity.objects.filter(
            org_id=channel.org_id, platform=channel.channel_type.platform, address=address
        )
        .select_related("member")
        .first()
    )
    return identity.member if identity else None


def feed_response(channel, address: str | None, after_id: int, file_url=None) -> JsonResponse:
    """JSON of the messages a member at `address` sees, after `after_id`; `file_url(token)`
    is where the page serves the member's own files back to them."""
    member = _member(channel, address)
    status = membership_status(channel.service, member)
    # A public page shows the group only to those who came in through the join path; the
    # others see their own private thread and the way in (the page's Join button).
    in_group = not channel.channel_type.gates_group or status == Membership.Status.ACTIVE
    messages = member_feed(channel.service, member, after_id=after_id, group=in_group)
    rows = []
    for m in messages:
        mine = m.direction == "in" and member is not None and m.member_id == member.pk
        rows.append(
            {
                "id": m.pk,
                "chat": m.thread.kind,
                "direction": m.direction,
                "mine": mine,
                "author": _author(m, channel),
                # An erased or expired message keeps its place, saying why it is empty.
                "text": str(m.get_redacted_display()) if m.redacted else m.text,
                "at": m.created_at.isoformat(),
                "media_kind": m.media_kind,
                "media": _media(m, mine, file_url) if file_url and not m.redacted else None,
            }
        )
    return JsonResponse({"membership": status or "none", "in_group": in_group, "messages": rows})
