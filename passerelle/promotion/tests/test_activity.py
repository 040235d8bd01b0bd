"""The activity prompt: after N days without a member message in the group, moderators
see a discussion prompt to post, read from the daily counts, not the messages."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passerelle.channels.types.base import InboundEvent
from passerelle.conversations.services import message_receive
from passerelle.members.services import member_for_identity
from passerelle.orgs.models import Role, Service
from passerelle.promotion import selectors, services
from passerelle.testing.factories import make_channel, make_staff

pytestmark = pytest.mark.django_db


def member_writes(service, days_ago, *, thread_kind="group", n=1):
    channel = make_channel(service, "simulator")
    member, _created = member_for_identity(
        org=service.org, platform="sim", address=f"sim-{n}", name="Amal", language="ar"
    )
    day = timezone.localdate(timezone=service.tz) - timedelta(days=days_ago)
    message_receive(
        channel=channel,
        member=member,
        event=InboundEvent(
            kind="message",
            sender_address=f"sim-{n}",
            text="مرحبا",
            thread_kind=thread_kind,
            platform_message_id=f"m-{n}-{days_ago}",
        ),
        at=datetime.combine(day, time(12), tzinfo=service.tz),
    )


def today(service):
    return timezone.localdate(timezone=service.tz)


def test_quiet_for_n_days_suggests_a_prompt(service, mod_role):
    member_writes(service, days_ago=4)
    assert selectors.activity_prompt_for(mod_role) is None
    member_writes(service, days_ago=5, n=2)
    assert selectors.activity_prompt_for(mod_role) is None  # the latest (4 days) counts
    later = today(service) + timedelta(days=1)
    suggestion = selectors.activity_prompt_for(mod_role, today=later)
    assert suggestion is not None and suggestion.quiet_days == 5
    # In the service's default language (ar for the factory's service), from the library.
    assert suggestion.language == "ar" and suggestion.text == suggestion.prompt.texts["ar"]
    assert selectors.activity_prompt_due(mod_role, today=later)


def test_private_messages_do_not_count_as_group_activity(service, mod_role):
    member_writes(service, days_ago=6)
    member_writes(service, days_ago=0, thread_kind="private", n=2)
    assert selectors.activity_prompt_for(mod_role) is not None


def test_a_new_service_counts_from_its_start(service, mod_role):
    assert selectors.activity_prompt_for(mod_role) is None
    assert selectors.activity_prompt_for(mod_role, today=today(service) + timedelta(5))


def test_setting_zero_turns_it_off_and_only_admins_set_it(service, mod_role):
    member_writes(service, days_ago=30)
    assert selectors.activity_prompt_for(mod_role) is not None
    with pytest.raises(Exception, match="not allowed"):
        services.quiet_days_set(role=mod_role, days=0)
    _user, admin = make_staff(service, Role.ADMIN)
    services.quiet_days_set(role=admin, days=0)
    assert selectors.activity_prompt_for(mod_role) is None
    services.quiet_days_set(role=admin, days=40)
    assert selectors.activity_prompt_for(mod_role) is None
    with pytest.raises(Exception, match="from 0"):
        services.quiet_days_set(role=admin, days=91)


def test_dismissed_comes_back_after_another_quiet_period(service, mod_role):
    member_writes(service, days_ago=10)
    first = selectors.activity_prompt_for(mod_role)
    services.activity_prompt_dismiss(role=mod_role, prompt_id=first.prompt.pk)
    assert selectors.activity_prompt_for(mod_role) is None
    again = selectors.activity_prompt_for(mod_role, today=today(service) + timedelta(days=5))
    assert again is not None and again.quiet_days == 15
    assert again.prompt != first.prompt  # the next silence gets another prompt


def test_only_interactive_services_and_moderators(service, mod_role):
    member_writes(service, days_ago=10)
    _user, partner = make_staff(service, Role.PARTNER)
    assert selectors.activity_prompt_for(partner) is None
    Service.objects.filter(pk=service.pk).update(mode=Service.Mode.ONE_WAY)
    mod_role.service.refresh_from_db()
    assert selectors.activity_prompt_for(mod_role) is None


def test_cheap_reads_no_message_scan(service, mod_role):
    member_writes(service, days_ago=10)
    selectors.activity_prompt_for(mod_role)  # seeds the library
    with CaptureQueriesContext(connection) as queries:
        assert selectors.activity_prompt_due(mod_role)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert 'conversations_message"' not in sql and "messageday" in sql
    assert len(queries.captured_queries) <= 2


def test_link_goes_to_the_posts_composer_as_a_discussion_prompt(client, service, mod_role):
    member_writes(service, days_ago=10)
    suggestion = selectors.activity_prompt_for(mod_role)
    assert suggestion.post_url.startswith(f"/s/{service.slug}/posts/new/?type=discussion-prompt")
    client.force_login(mod_role.user)
    composer = client.get(suggestion.post_url).content.decode()
    assert re.search(rf">\s*{re.escape(suggestion.text)}</textarea>", composer)
    assert re.search(r'<option value="discussion-prompt"[^>]*selected', composer)


def test_inbox_loads_the_notice_prefills_the_reply_box_and_dismisses(client, service, mod_role):
    member_writes(service, days_ago=10)
    client.force_login(mod_role.user)
    slug = service.slug
    inbox = client.get(f"/s/{slug}/inbox/").content.decode()
    # Fetched after the page, so the inbox's own queries stay what they were.
    assert f'hx-get="/s/{slug}/promote/activity/notice/?next=/s/{slug}/inbox/"' in inbox
    notice = client.get(f"/s/{slug}/promote/activity/notice/?next=/s/{slug}/inbox/")
    suggestion = selectors.activity_prompt_for(mod_role)
    html = notice.content.decode()
    assert 'id="activity-prompt"' in html and suggestion.text in html
    assert f'value="/s/{slug}/inbox/"' in html
    back = client.post(f"/s/{slug}/promote/activity/dismiss/", {"next": f"/s/{slug}/inbox/"})
    assert back.status_code == 302 and back["Location"] == f"/s/{slug}/inbox/"
    again = client.get(f"/s/{slug}/promote/activity/notice/").content.decode()
    assert 'id="activity-prompt"' not in again
    # An outside address is not followed.
    away = client.post(f"/s/{slug}/promote/activity/dismiss/", {"next": "https://x.org/"})
    assert away["Location"] == f"/s/{slug}/inbox/"


def test_partners_get_no_notice(client, service):
    member_writes(service, days_ago=10)
    partner, _role = make_staff(service, Role.PARTNER)
    client.force_login(partner)
    assert client.get(f"/s/{service.slug}/promote/activity/notice/").status_code == 404
    assert (
        "activity-prompt-slot" not in client.get(f"/s/{service.slug}/questions/").content.decode()
    )
