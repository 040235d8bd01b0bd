"""Archiving a service tells every member first that it has closed, once, in their
language; a closing announcement already sent is not repeated."""

from django.utils import timezone

from passerelle.conversations.models import Message
from passerelle.orgs.services import service_archive
from passerelle.posts.closing import closed_texts
from passerelle.posts.models import Post, PostType
from passerelle.posts.sending import post_send
from passerelle.posts.services import post_create, post_types_ensure
from passerelle.posts.tests.conftest import join


def test_archiving_tells_every_member_the_service_has_closed(service, admin_role, sim_channel):
    amira = join(service, "sim", "sim-amira", "ar")
    luc = join(service, "sim", "sim-luc", "fr")
    service_archive(role=admin_role)
    texts = closed_texts(service)
    got = dict(Message.objects.filter(direction="out").values_list("member_id", "text"))
    assert got == {amira.pk: texts["ar"], luc.pk: texts["fr"]}
    post = Post.objects.get()
    assert post.state == Post.State.SENT and post.post_type.kind == PostType.Kind.CLOSING
    service.refresh_from_db()
    assert service.archived_at is not None
    # Archived: archiving again sends nothing more.
    admin_role.service.refresh_from_db()
    service_archive(role=admin_role)
    assert Message.objects.filter(direction="out").count() == 2


def test_a_closing_announcement_already_sent_is_not_repeated(service, admin_role, sim_channel):
    join(service, "sim", "sim-amira", "ar")
    post_types_ensure(org=service.org)
    closing = PostType.objects.get(org=service.org, kind=PostType.Kind.CLOSING)
    announced = post_create(
        role=admin_role, post_type=closing, texts={"ar": "نغلق في آخر الشهر"}, audience="members"
    )
    post_send(post=announced, now=timezone.now())
    service_archive(role=admin_role)
    assert Post.objects.count() == 1
    assert Message.objects.filter(direction="out").count() == 1
