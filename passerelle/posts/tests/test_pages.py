"""The staff pages: the composer (prefilled from links), scheduling, editing, cancelling
with a confirmation, the live count, the list's filters, post types and announcements."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.orgs.models import Role
from passerelle.posts.models import Post, PostType
from passerelle.posts.sending import posts_sweep
from passerelle.posts.tests.conftest import join
from passerelle.testing.factories import login_verified, make_staff


@pytest.fixture
def admin_client(client, admin_role):
    login_verified(client, admin_role.user)
    return client


def _later(service, hours=2):
    return (
        (timezone.now() + timedelta(hours=hours)).astimezone(service.tz).strftime("%Y-%m-%dT%H:%M")
    )


def _compose(service, **over):
    data = {
        "post_type": "job-offer",
        "text_en": "A cook is wanted.",
        "text_fr": "On cherche un cuisinier.",
        "audience": "members",
        "scheduled_at": _later(service),
        "media": "",
    }
    data.update(over)
    return data


def test_the_composer_is_prefilled_from_a_link(admin_client, service):
    response = admin_client.get(
        f"/s/{service.slug}/posts/new/?type=discussion-prompt&text=What+helped+you+this+week%3F"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<option value="discussion-prompt" selected>' in body
    assert "What helped you this week?" in body  # in the default language's field
    assert "post_attachment" not in body  # the block is a place, not text
    assert 'name="media"' in body


def test_schedule_edit_then_cancel_with_confirmation(admin_client, service, sim_channel):
    join(service, "sim", "s-1", "en")
    response = admin_client.post(f"/s/{service.slug}/posts/new/", _compose(service))
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/posts/{post.pk}/")
    assert post.state == "scheduled" and post.texts["fr"] == "On cherche un cuisinier."
    response = admin_client.post(
        f"/s/{service.slug}/posts/{post.pk}/edit/",
        _compose(service, text_en="Two cooks are wanted.", audience="group"),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.texts["en"] == "Two cooks are wanted." and post.audience == "group"
    # Without the confirmation, the question; with it, the post is cancelled.
    response = admin_client.post(f"/s/{service.slug}/posts/{post.pk}/cancel/")
    assert response.status_code == 200 and b"Cancel this post?" in response.content
    post.refresh_from_db()
    assert post.state == "scheduled"
    admin_client.post(f"/s/{service.slug}/posts/{post.pk}/cancel/", {"confirmed": "1"})
    post.refresh_from_db()
    assert post.state == "cancelled"
    response = admin_client.get(f"/s/{service.slug}/posts/{post.pk}/edit/")
    assert response.status_code == 302  # gone out or cancelled: no more edits


def test_bad_input_is_refused_with_a_clear_message(admin_client, service):
    response = admin_client.post(
        f"/s/{service.slug}/posts/new/", _compose(service, text_en="", text_fr="")
    )
    assert response.status_code == 422
    assert b"Write the post in at least one language." in response.content
    past = (timezone.now() - timedelta(days=1)).astimezone(service.tz).strftime("%Y-%m-%dT%H:%M")
    response = admin_client.post(
        f"/s/{service.slug}/posts/new/", _compose(service, scheduled_at=past)
    )
    assert response.status_code == 422 and b"This time has passed" in response.content
    response = admin_client.post(f"/s/{service.slug}/posts/new/", _compose(service, media="{x"))
    assert response.status_code == 422 and b"attachment could not be read" in response.content
    assert not Post.objects.exists()


def test_the_live_count_says_segments_and_costs(admin_client, service, sim_channel):
    join(service, "sim", "s-1", "en")
    join(service, "sim", "s-2", "fr")
    response = admin_client.post(
        f"/s/{service.slug}/posts/audience/",
        {**_compose(service), "audience": "segment", "languages": ["fr"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"1 member will get it." in response.content
    response = admin_client.post(
        f"/s/{service.slug}/posts/audience/", _compose(service), HTTP_HX_REQUEST="true"
    )
    assert b"2 members will get it." in response.content


def test_sms_segments_per_language(service, channels):
    from passerelle.posts.selectors import audience_preview

    join(service, "tel", "+16135550111", "ar")
    join(service, "tel", "+16135550112", "en")
    preview = audience_preview(
        services=[service],
        audience="members",
        segment={},
        texts={"ar": "مرحبا " * 20, "en": "Hello"},
        now=timezone.now(),
    )
    assert preview["total"] == 2
    rows = {r["language"]: (r["members"], r["segments"], r["encoding"]) for r in preview["sms"]}
    assert rows == {"ar": (1, 2, "UCS-2"), "en": (1, 1, "GSM-7")}
    assert preview["sms_cost"] == round(3 * preview["segment_unit"], 4)


def test_list_filters_and_report_page(admin_client, service, sim_channel, admin_role):
    join(service, "sim", "s-1", "en")
    admin_client.post(f"/s/{service.slug}/posts/new/", _compose(service, scheduled_at=""))
    admin_client.post(
        f"/s/{service.slug}/posts/new/",
        _compose(service, post_type="workshop", text_en="Sewing workshop", text_fr=""),
    )
    posts_sweep(now=timezone.now() + timedelta(seconds=1))
    body = admin_client.get(f"/s/{service.slug}/posts/?type=workshop").content.decode()
    assert "Sewing workshop" in body and "A cook is wanted." not in body
    body = admin_client.get(f"/s/{service.slug}/posts/?state=sent&q=cook").content.decode()
    assert "A cook is wanted." in body and "Sewing" not in body
    sent = Post.objects.get(state="sent")
    body = admin_client.get(f"/s/{service.slug}/posts/{sent.pk}/").content.decode()
    assert 'data-key="recipients">1<' in body and 'data-key="total">1<' in body
    assert f'href="/s/{service.slug}/posts/"' in body  # the service's navigation


def test_nobody_without_the_capability_sees_posts(client, service):
    user, _role = make_staff(service, Role.VIEWER)
    client.force_login(user)
    assert client.get(f"/s/{service.slug}/posts/").status_code == 404
    assert client.get(f"/s/{service.slug}/posts/new/").status_code == 404


def test_post_types_add_rename_archive(admin_client, service):
    url = f"/s/{service.slug}/posts/types/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"action": "add", "text_en": "Housing", "text_fr": "Logement"})
    housing = PostType.objects.get(slug="housing")
    assert housing.names == {"en": "Housing", "fr": "Logement"}
    admin_client.post(
        url,
        {"action": "rename", "type_id": housing.pk, f"t{housing.pk}-text_en": "Housing offers"},
    )
    housing.refresh_from_db()
    assert housing.names == {"en": "Housing offers"}
    admin_client.post(url, {"action": "archive", "type_id": housing.pk})
    housing.refresh_from_db()
    assert housing.archived_at is not None
    body = admin_client.get(f"/s/{service.slug}/posts/new/").content.decode()
    assert 'value="housing"' not in body
    moving = PostType.objects.get(slug="moving")
    response = admin_client.post(url, {"action": "archive", "type_id": moving.pk})
    moving.refresh_from_db()
    assert moving.archived_at is None and response.status_code == 422


def test_announce_a_move_prefills_every_language(admin_client, service):
    response = admin_client.post(
        f"/s/{service.slug}/posts/announce/move/",
        {"channel": "WhatsApp", "link": "https://chat.example.org/join", "until": "2030-03-31"},
    )
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert '<option value="moving" selected>' in page
    assert "https://chat.example.org/join" in page
    assert "is moving" in page  # English
    assert "déménage" in page  # French
    response = admin_client.post(f"/s/{service.slug}/posts/announce/closing/", {"closes_on": ""})
    assert response.status_code == 422
