"""Kill the scheduler in the middle of a 2,000-recipient post, restart it: every recipient
got the post exactly once (docs/outreach.md, "Never twice, never zero").

Real processes (the scheduler) on a database of their own; the post goes to web chat
members privately, so what is counted is the posts app's own promise: one message and one
send per recipient, whatever the moment of the crash.
"""

import os
import signal
import sqlite3
import time

import pytest

from passerelle.testing import processes

RECIPIENTS = 2000

SETUP = """
from django.utils import timezone
from passerelle.communities.models import Membership
from passerelle.members.models import Identity, Member
from passerelle.orgs.models import Role, Service
from passerelle.posts.models import PostType
from passerelle.posts.services import post_create, post_types_ensure
from passerelle.testing.factories import make_channel, make_staff
service = Service.objects.get(slug="e2e")
make_channel(service, "webchat")
now = timezone.now()
members = Member.objects.bulk_create(
    Member(org=service.org, display_name=f"m{{i}}", language="fr", created_at=now)
    for i in range({n})
)
Identity.objects.bulk_create(
    Identity(org=service.org, member=m, platform="webchat", address=f"visitor-{{m.pk}}")
    for m in members
)
Membership.objects.bulk_create(
    Membership(org=service.org, service=service, member=m, joined_at=now) for m in members
)
post_types_ensure(org=service.org)
_user, role = make_staff(service, Role.ADMIN)
post = post_create(
    role=role,
    post_type=PostType.objects.get(slug="information"),
    texts={{"en": "Clinic open Saturday", "fr": "Clinique ouverte samedi"}},
    audience="members",
)
print(post.pk)
"""

MESSAGES = "select count(*) from conversations_message where direction = 'out'"


def _count(env, sql):
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as conn:
            return conn.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.timeout_sensitive
def test_killed_scheduler_sends_a_post_to_everyone_once(tmp_path):
    with processes.isolated_database(tmp_path, os.environ.get("DATABASE_URL")) as env:
        env["PASSERELLE_POSTS_BATCH"] = "50"
        processes.manage(env, "migrate", "--verbosity", "0", timeout=300)
        processes.manage(env, "service", "create", "--slug", "e2e", "--name", "E2E")
        processes.manage(env, "shell", "-c", SETUP.format(n=RECIPIENTS))
        scheduler = processes.start(env, "scheduler", "--interval", "0.05", log=tmp_path / "s1.log")
        try:
            deadline = time.monotonic() + 120
            while _count(env, MESSAGES) < RECIPIENTS // 4:
                assert time.monotonic() < deadline, "the scheduler made no progress"
                time.sleep(0.05)
            processes.stop(scheduler, signal.SIGKILL)  # a crash, mid-post
            at_crash = _count(env, MESSAGES)
            assert at_crash < RECIPIENTS
            scheduler = processes.start(
                env, "scheduler", "--interval", "0.05", log=tmp_path / "s2.log"
            )
            deadline = time.monotonic() + 180
            while _count(env, "select count(*) from posts_post where state = 'sent'") < 1:
                assert time.monotonic() < deadline, "the post never finished after the restart"
                time.sleep(0.2)
        finally:
            processes.stop(scheduler)
        assert _count(env, MESSAGES) == RECIPIENTS
        assert (
            _count(env, f"select count(distinct member_id) from conversations_message {WHERE}")
            == RECIPIENTS
        )
        assert _count(env, "select count(*) from channels_outboundmessage") == RECIPIENTS
        assert (
            _count(env, "select count(distinct recipient) from channels_outboundmessage")
            == RECIPIENTS
        )
        assert (
            _count(
                env,
                "select count(*) from posts_postrecipient "
                "where state = 'sent' and message_id is not null",
            )
            == RECIPIENTS
        )


WHERE = "where direction = 'out'"
