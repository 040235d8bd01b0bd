"""Writes for posts: post types, composing, editing and cancelling a post, erasure.

Sending is sending.py (the scheduler job); the texts of the two announcements are
announcements.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from passerelle.channels.outgoing_files import media_refusal, outgoing_media
from passerelle.channels.selectors import channels_by_platform
from passerelle.conversations.services import MAX_REPLY_LENGTH
from passerelle.orgs.models import Service, StaffRole
from passerelle.orgs.permissions import require
from passerelle.orgs.services import require_open
from passerelle.posts.models import Post, PostRecipient, PostType

CAPABILITY = "publish"
CONFIGURE = "configure"
MAX_TYPE_NAME = 80

# The toolkit's kinds of posts, seeded once per organisation, then the admins' to edit.
DEFAULT_TYPES = (
    ("job-offer", {"en": "Job offer", "fr": "Offre d'emploi", "ar": "عرض عمل"}),
    ("workshop", {"en": "Workshop", "fr": "Atelier", "ar": "ورشة عمل"}),
    ("event", {"en": "Event", "fr": "Événement", "ar": "فعالية"}),
    ("information", {"en": "Information", "fr": "Information", "ar": "معلومات"}),
    (
        "policy-update",
        {
            "en": "Policy or program update",
            "fr": "Changement de politique ou de programme",
            "ar": "تحديث سياسة أو برنامج",
        },
    ),
    (
        "discussion-prompt",
        {"en": "Discussion prompt", "fr": "Sujet de discussion", "ar": "موضوع للنقاش"},
    ),
    ("other", {"en": "Other", "fr": "Autre", "ar": "أخرى"}),
)
SYSTEM_TYPES = (
    (
        "moving",
        PostType.Kind.MOVING,
        {"en": "We are moving", "fr": "Nous déménageons", "ar": "نحن ننتقل"},
    ),
    (
        "closing",
        PostType.Kind.CLOSING,
        {"en": "This service is closing", "fr": "Ce service ferme", "ar": "هذه الخدمة تُغلق"},
    ),
)


def post_types_ensure(*, org) -> None:
    """The default and system post types of an organisation, once (inserting nothing when
    they are there, even renamed or archived)."""
    if PostType.objects.filter(org=org).exists():
        return
    rows = [
        PostType(org=org, slug=slug, names=names, position=i)
        for i, (slug, names) in enumerate(DEFAULT_TYPES)
    ]
    rows += [
        PostType(org=org, slug=slug, names=names, kind=kind, position=100 + i)
        for i, (slug, kind, names) in enumerate(SYSTEM_TYPES)
    ]
    PostType.objects.bulk_create(rows, ignore_conflicts=True)


def _names_clean(names: dict) -> dict:
    names = {k: (v or "").strip() for k, v in (names or {}).items() if (v or "").strip()}
    if not names:
        raise ValidationError(_("Give the post type a name."))
    if any(len(v) > MAX_TYPE_NAME for v in names.values()):
        raise ValidationError(_("Keep a name under %(n)d characters.") % {"n": MAX_TYPE_NAME})
    return names


def post_type_add(*, role, names: dict) -> PostType:
    """A new post type of the role's organisation, named in each language given."""
    require(role, CONFIGURE)
    names = _names_clean(names)
    base = slugify(next(iter(names.values())))[:30] or "type"
    slug, n = base, 1
    while PostType.objects.filter(org_id=role.org_id, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    last = PostType.objects.filter(org_id=role.org_id, kind=PostType.Kind.REGULAR).count()
    return PostType.objects.create(org_id=role.org_id, slug=slug, names=names, position=last)


def post_type_rename(*, role, post_type: PostType, names: dict) -> PostType:
    """New names for a post type (its slug, which links and reports use, stays)."""
    require(role, CONFIGURE)
    if post_type.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    post_type.names = _names_clean(names)
    post_type.save(update_fields=["names"])
    return post_type


def post_type_archive(*, role, post_type: PostType, archived: bool = True) -> PostType:
    """Archive a post type (new posts cannot use it; old ones keep it) or bring it back."""
    require(role, CONFIGURE)
    if post_type.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    if post_type.kind != PostType.Kind.REGULAR:
        raise ValidationError(_("The announcement types cannot be archived."))
    post_type.archived_at = timezone.now() if archived else None
    post_type.save(update_fields=["archived_at"])
    return post_type


def _services_check(role, services) -> list[Service]:
    # A coalition post goes to services of the same organisation where the author publishes.
    services = list(dict.fromkeys(services or [role.service]))
    allowed = set(
        StaffRole.objects.filter(user_id=role.user_id, org_id=role.org_id).values_list(
            "service_id", "role"
        )
    )
    for service in services:
        require_open(service)  # an archived service publishes nothing more
        if service.org_id != role.org_id or not any(
            sid == service.pk and StaffRole(role=r).can(CAPABILITY) for sid, r in allowed
        ):
            raise PermissionDenied(_("You cannot publish in %(service)s.") % {"service": service})
    return services


def _media_clean(role, media, services) -> dict:
    """The attachment as stored (its token re-read, nothing else the form sent trusted), and
    checked against every platform of the services it goes to: a file one of them refuses
    (too big, a type it cannot carry) is said now, not found out mid-post."""
    if not media:
        return {}
    media = outgoing_media(role.org_id, media)
    if media is None:
        raise ValidationError(_("The attachment could not be found: add it again."))
    channels = [c for s in services for c, _platform in channels_by_platform(s.pk)]
    if refusal := media_refusal(media, channels):
        raise ValidationError(refusal)
    return media


def _clean(*, role, post_type, texts, audience, segment, scheduled_at):
    if post_type.org_id != role.org_id:
        raise PermissionDenied(_("You are not allowed to do this in this service."))
    if post_type.archived_at is not None:
        raise ValidationError(_("This post type is archived: choose another one."))
    texts = {k: (v or "").strip() for k, v in (texts or {}).items() if (v or "").strip()}
    if not texts:
        raise ValidationError(_("Write the post in at least one language."))
    if any(len(v) > MAX_REPLY_LENGTH for v in texts.values()):
        raise ValidationError(
            _("A message can have at most %(n)d characters.") % {"n": MAX_REPLY_LENGTH}
        )
    if audience not in Post.Audience.values:
        raise ValidationError(_("Choose who the post goes to."))
    if audience != Post.Audience.SEGMENT:
        segment = {}
    now = timezone.now()
    if scheduled_at is None:
        scheduled_at = now
    elif scheduled_at < now - timezone.timedelta(minutes=5):
        raise ValidationError(_("This time has passed: choose a time to come, or send now."))
    return texts, segment or {}, scheduled_at


def _fields(
    *, role, post_type, texts, audience, segment, services, scheduled_at, media, whatsapp_template
):
    """What a new or edited post holds, checked the same way for both: (services, fields)."""
    services = _services_check(role, services)
    texts, segment, scheduled_at = _clean(
        role=role,
        post_type=post_type,
        texts=texts,
        audience=audience,
        segment=segment,
        scheduled_at=scheduled_at,
    )
    fields = {
        "post_type": post_type,
        "texts": texts,
        "media": _media_clean(role, media, services),
        "audience": audience,
        "segment": segment,
        "scheduled_at": scheduled_at,
        "whatsapp_template": whatsapp_template,
    }
    return services, fields


def post_create(
    *,
    role,
    post_type: PostType,
    texts: dict,
    audience: str = Post.Audience.GROUP,
    segment: dict | None = None,
    services=None,
    scheduled_at=None,
    media: dict | None = None,
    whatsapp_template=None,
) -> Post:
    """A post, sent now (within a scheduler tick) or at `scheduled_at`; `services` (default
    the role's) are the services it goes to, each its own group or members."""
    require(role, CAPABILITY)
    services, fields = _fields(
        role=role,
        post_type=post_type,
        texts=texts,
        audience=audience,
        segment=segment,
        services=services,
        scheduled_at=scheduled_at,
        media=media,
        whatsapp_template=whatsapp_template,
    )
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            org_id=role.org_id,
            service_id=role.service_id,
            **fields,
            created_by=role.user,
            created_at=now,
            updated_at=now,
        )
        post.services.set(services)
    return post


def post_update(
    *,
    role,
    post: Post,
    post_type: PostType,
    texts: dict,
    audience: str,
    segment: dict | None = None,
    services=None,
    scheduled_at=None,
    media: dict | None = None,
    whatsapp_template=None,
) -> Post:
    """Edit a scheduled post; one that started going cannot change any more."""
    require(role, CAPABILITY, post.service_id)
    services, fields = _fields(
        role=role,
        post_type=post_type,
        texts=texts,
        audience=audience,
        segment=segment,
        services=services,
        scheduled_at=scheduled_at,
        media=media,
        whatsapp_template=whatsapp_template,
    )
    with transaction.atomic():
        changed = Post.objects.filter(pk=post.pk, state=Post.State.SCHEDULED).update(
            **fields, updated_at=timezone.now()
        )
        if not changed:
            raise ValidationError(_("This post has started going out: it cannot change now."))
        post.services.set(services)
    post.refresh_from_db()
    return post


def post_cancel(*, role, post: Post) -> bool:
    """Cancel a scheduled post; False when it had started going out already."""
    require(role, CAPABILITY, post.service_id)
    now = timezone.now()
    cancelled = Post.objects.filter(pk=post.pk, state=Post.State.SCHEDULED).update(
        state=Post.State.CANCELLED, cancelled_at=now, updated_at=now
    )
    if cancelled:
        post.state, post.cancelled_at = Post.State.CANCELLED, now
    return bool(cancelled)


def post_recipients_erase_for_member(*, member) -> int:
    """A member's erasure: the rows saying which posts reached them go."""
    deleted, _by_model = PostRecipient.objects.filter(member=member).delete()
    return deleted
