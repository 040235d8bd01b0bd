"""A post goes out at its time, to each recipient once, in their language, on their own
platform (fake Telegram and Twilio servers, the web chat), and the report counts it."""

from datetime import datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.models import OutboundMessage
from passerelle.conversations.models import Message
from passerelle.posts.models import Post, PostRecipient
from passerelle.posts.selectors import post_report
from passerelle.posts.sending import post_send, posts_sweep
from passerelle.posts.services import post_cancel, post_create
from passerelle.posts.tests.conftest import join
from passerelle.reports.periods import Period
from passerelle.reports.usage import usage_table
from passerelle.surveys.tests.conftest import join_many
from passerelle.testing.platforms import TELEGRAM_GROUP

TEXTS = {"en": "Job: cook at the Rideau centre.", "fr": "Emploi : cuisinier au centre Rideau."}


def nine_tomorrow(service):
    day = timezone.now().astimezone(service.tz).date() + timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=service.tz)


def test_a_job_offer_reaches_each_member_in_their_language_at_nine(
    service,
    admin_role,
    channels,
    job_offer,
    fake_telegram,
    fake_twilio,
    django_capture_on_commit_callbacks,
):
    telegram = join(service, "telegram", "6120000142", "fr")
    web = join(service, "webchat", "visitor-1", "en")
    sms = join(service, "tel", "+16135550111", "ar")  # no Arabic text: the service's next one
    at = nine_tomorrow(service)
    post = post_create(
        role=admin_role, post_type=job_offer, texts=TEXTS, audience="members", scheduled_at=at
    )
    assert posts_sweep(now=at - timedelta(minutes=1)) == 0  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert posts_sweep(now=at) == 3
    got = {
        m.member_id: (m.text, m.language, m.author_id)
        for m in Message.objects.filter(direction="out", thread__kind="private")
    }
    assert got == {
        telegram.pk: (TEXTS["fr"], "fr", admin_role.user_id),
        web.pk: (TEXTS["en"], "en", admin_role.user_id),
        sms.pk: (TEXTS["en"], "en", admin_role.user_id),
    }
    (call,) = fake_telegram.calls("sendMessage")
    assert call.params["chat_id"] == 6120000142 and call.params["text"] == TEXTS["fr"]
    (sent_sms,) = [r for r in fake_twilio.requests.snapshot() if r.method == "POST"]
    assert sent_sms.params["To"] == "+16135550111" and sent_sms.params["Body"] == TEXTS["en"]
    post.refresh_from_db()
    assert post.state == Post.State.SENT and post.recipient_count == 3
    report = post_report(post)
    assert report["reached"] == 3 and report["sends"]["total"] == 3
    assert report["sends"]["failed"] == 0 and report["sends"]["sent"] == 3
    # Sent again by another tick: nobody gets it twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert posts_sweep(now=at + timedelta(minutes=1)) == 0
    assert OutboundMessage.objects.count() == 3
    # The usage report counts it under "job offers", on the day it went.
    day = at.date()
    table = usage_table(service, [Period(day, day)])
    assert table.row("posts").values == [1]
    assert table.row("posts.job-offer").values == [1]
    assert table.row("posts.workshop").values == [0]


def test_a_group_post_is_one_staff_message_in_the_telegram_group(
    service, admin_role, channels, job_offer, fake_telegram, django_capture_on_commit_callbacks
):
    join(service, "telegram", "6120000142", "fr")
    post = post_create(role=admin_role, post_type=job_offer, texts=TEXTS, audience="group")
    with django_capture_on_commit_callbacks(execute=True):
        posts_sweep(now=timezone.now() + timedelta(seconds=1))
    (call,) = fake_telegram.calls("sendMessage")
    # The group reads every language, in the service's order (ar, en, fr: no Arabic text).
    assert call.params["chat_id"] == TELEGRAM_GROUP
    assert call.params["text"] == f"{TEXTS['en']}\n\n{TEXTS['fr']}"
    message = Message.objects.get(thread__kind="group")
    assert message.author_id == admin_role.user_id
    assert PostRecipient.objects.get(post=post).message_id == message.pk
    # The web chat shows the group too: the one message has a send on each.
    assert set(OutboundMessage.objects.values_list("channel__type", flat=True)) == {
        "telegram",
        "webchat",
    }
    assert post_report(post)["sends"]["sent"] == 2


def test_a_cancelled_post_never_goes(service, admin_role, channels, job_offer):
    join(service, "webchat", "visitor-1", "en")
    at = nine_tomorrow(service)
    post = post_create(role=admin_role, post_type=job_offer, texts=TEXTS, scheduled_at=at)
    assert post_cancel(role=admin_role, post=post)
    assert posts_sweep(now=at) == 0
    assert not Message.objects.exists()
    assert not post_cancel(role=admin_role, post=post)  # once


def test_a_coalition_post_reaches_each_service_once_per_member(
    service, admin_role, job_offer, django_capture_on_commit_callbacks
):
    from passerelle.orgs.models import Role, StaffRole
    from passerelle.testing.factories import make_channel, make_service

    other = make_service(org=service.org)
    StaffRole.objects.create(org=service.org, user=admin_role.user, service=other, role=Role.ADMIN)
    make_channel(service, "webchat")
    make_channel(other, "webchat")
    both = join(service, "webchat", "v-both", "en")
    from passerelle.communities.services import membership_ensure

    membership_ensure(service=other, member=both, via="test")
    only_other = join(other, "webchat", "v-other", "fr")
    post_create(
        role=admin_role,
        post_type=job_offer,
        texts=TEXTS,
        audience="members",
        services=[service, other],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert posts_sweep(now=timezone.now() + timedelta(seconds=1)) == 2
    assert sorted(Message.objects.values_list("member_id", flat=True)) == sorted(
        [both.pk, only_other.pk]
    )


def test_a_segment_by_language(service, admin_role, channels, job_offer):
    join(service, "webchat", "v-en", "en")
    french = join(service, "webchat", "v-fr", "fr")
    post = post_create(
        role=admin_role,
        post_type=job_offer,
        texts=TEXTS,
        audience="segment",
        segment={"languages": ["fr"]},
    )
    posts_sweep(now=timezone.now() + timedelta(seconds=1))
    assert list(Message.objects.values_list("member_id", "text")) == [(french.pk, TEXTS["fr"])]
    assert post_report(post)["recipients"] == 1


def _batch_cost(post, limit):
    with CaptureQueriesContext(connection) as queries:
        assert post_send(post=Post.objects.get(pk=post.pk), limit=limit) == limit
    return len(queries)


def test_a_batch_of_thirty_costs_what_a_batch_of_ten_costs(
    service, admin_role, job_offer, sim_channel
):
    join_many(service, 100)
    post = post_create(role=admin_role, post_type=job_offer, texts=TEXTS, audience="members")
    post_send(post=post, limit=1)  # the claim of the post and its recipients, once
    small = _batch_cost(post, 10)
    large = _batch_cost(post, 30)
    # The same statements whatever the batch's size (SQLite and PostgreSQL alike): the claim,
    # the members' addresses and contacts, their threads, one insert of the messages, of
    # their daily counts and of their sends, one update of the threads and of the rows, and
    # whether the post announces an event (events' hook, read once per batch).
    assert small == large == 22
    assert PostRecipient.objects.filter(post=post, state="sent").count() == 41


def test_a_post_that_cannot_go_does_not_hold_up_the_others(
    service, admin_role, job_offer, sim_channel, caplog
):
    join(service, "sim", "s-1", "en")
    broken = post_create(role=admin_role, post_type=job_offer, texts=TEXTS, audience="members")
    Post.objects.filter(pk=broken.pk).update(texts={})  # nothing to say: its batch fails
    fine = post_create(role=admin_role, post_type=job_offer, texts=TEXTS, audience="members")
    assert posts_sweep(now=timezone.now() + timedelta(seconds=1)) == 1
    assert f"post {broken.pk}: batch failed" in caplog.text
    assert PostRecipient.objects.get(post=broken).state == "pending"  # rolled back whole
    assert Post.objects.get(pk=fine.pk).state == "sent"
