"""Archiving a service tells its members (orgs.signals.service_archiving).

Unless a "this service is closing" announcement already went out, every member gets "this
service has closed" privately, on their own channel, in their language — sent at once, in
the archiving's transaction, while the service can still send (it is read-only after).
The post is an ordinary post of the closing type: counted in the report, in the posts list.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from passerelle.orgs.models import StaffRole
from passerelle.posts.models import Post, PostType
from passerelle.posts.selectors import post_audience
from passerelle.posts.sending import BATCH, post_send
from passerelle.posts.services import post_create, post_types_ensure


def closed_texts(service) -> dict:
    texts = {}
    for language in dict.fromkeys(service.languages or ["en"]):
        with translation.override(language):
            texts[language] = _(
                "%(service)s has closed. Thank you for being part of it. This conversation "
                "is no longer read."
            ) % {"service": service.name}
    return texts


def closing_on_archive(sender, *, service, actor, **kwargs) -> Post | None:
    """The service_archiving receiver: the closing post, sent to everyone before it closes."""
    announced = Post.objects.filter(
        services=service,
        post_type__kind=PostType.Kind.CLOSING,
        state__in=[Post.State.SENDING, Post.State.SENT],
    ).exists()
    role = StaffRole.objects.filter(service=service, user=actor).select_related("service").first()
    if announced or role is None:
        return None
    post_types_ensure(org=service.org)
    post = post_create(
        role=role,
        post_type=PostType.objects.filter(org_id=service.org_id, kind=PostType.Kind.CLOSING)
        .order_by("pk")
        .first(),
        texts=closed_texts(service),
        audience=Post.Audience.MEMBERS,
    )
    # Bounded: each batch sends up to BATCH recipients, and the post ends when none is left.
    for _batch in range(post_audience(post, service).count() // BATCH + 2):
        post_send(post=post, limit=BATCH)
        if post.state == Post.State.SENT:
            break
    return post
