"""Saved replies: write, list, delete, and fill in for one conversation.

Placeholders are the ones a moderator can know when inserting: {member_name} (empty in
the group, where nobody in particular is answered) and {service_name}. They are filled in
when the reply is inserted, so the moderator reads and may change the exact text sent.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from passerelle.faq.canned import MAX_LENGTH, fill
from passerelle.faq.models import SavedReply
from passerelle.orgs.permissions import require

PLACEHOLDERS = ("{member_name}", "{service_name}")


def saved_reply_save(*, role, reply: SavedReply) -> SavedReply:
    """Create or update a saved reply of the role's service (moderators, as canned texts)."""
    require(role, "moderate")
    if reply.pk and reply.service_id != role.service_id:
        raise PermissionDenied(_("This saved reply belongs to another service."))
    reply.title, reply.text = (reply.title or "").strip(), (reply.text or "").strip()
    if not reply.title or not reply.text:
        raise ValidationError(_("A saved reply needs a title and a text."))
    if len(reply.text) > MAX_LENGTH:
        raise ValidationError(_("A message can have at most %(n)d characters.") % {"n": MAX_LENGTH})
    reply.org_id, reply.service_id, reply.updated_by = role.org_id, role.service_id, role.user
    try:
        with transaction.atomic():
            reply.save()
    except IntegrityError:
        raise ValidationError(
            _("A saved reply with this title already exists in this language.")
        ) from None
    return reply


def saved_reply_delete(*, role, reply: SavedReply) -> None:
    require(role, "moderate")
    if reply.service_id != role.service_id:
        raise PermissionDenied(_("This saved reply belongs to another service."))
    reply.delete()


def saved_replies_for(role):
    return SavedReply.objects.filter(service_id=role.service_id)


def saved_reply_get(role, reply_id) -> SavedReply:
    reply = SavedReply.objects.filter(service_id=role.service_id, pk=reply_id).first()
    if reply is None:
        raise Http404
    return reply


def saved_replies_filled(role, thread) -> list[dict]:
    """The service's saved replies ready to insert in `thread`: the member's language first."""
    member = thread.member if thread.kind == "private" else None
    language = (member.language if member else "") or role.service.default_language
    values = {
        "member_name": member.display_name if member else "",
        "service_name": role.service.name,
    }
    replies = sorted(saved_replies_for(role), key=lambda r: (r.language != language, r.title))
    return [
        {"id": r.pk, "title": r.title, "language": r.language, "text": fill(r.text, values)}
        for r in replies
    ]
