"""A member's erasure forgets which posts reached them; the post's counts stay."""

from datetime import timedelta

from django.utils import timezone

from passerelle.posts.models import PostRecipient
from passerelle.posts.sending import posts_sweep
from passerelle.posts.services import post_create
from passerelle.posts.tests.conftest import join
from passerelle.privacy.erasure import member_erase


def test_erasure_deletes_the_members_post_recipients(service, admin_role, job_offer, sim_channel):
    erased = join(service, "sim", "s-1", "en")
    kept = join(service, "sim", "s-2", "en")
    post = post_create(role=admin_role, post_type=job_offer, texts={"en": "Hi"}, audience="members")
    posts_sweep(now=timezone.now() + timedelta(seconds=1))
    assert PostRecipient.objects.filter(post=post).count() == 2
    member_erase(member=erased, reason="asked by phone", actor=admin_role.user, service=service)
    assert list(PostRecipient.objects.values_list("member_id", flat=True)) == [kept.pk]
    post.refresh_from_db()
    assert post.recipient_count == 2
