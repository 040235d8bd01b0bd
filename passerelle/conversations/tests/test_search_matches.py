"""Search shows the messages found with their context, and opens the thread at one; the
member's feed (web chat, simulator) comes in time order, newest page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from passerelle.conversations import selectors
from passerelle.conversations.services import group_thread_for
from passerelle.questions.tests.helpers import inbound, make_member


@pytest.fixture
def role(moderator):
    return moderator.staff_roles.get()


def _history(service, n, start=None):
    start = start or timezone.now() - timedelta(days=10)
    member = make_member(service, name="Amal")
    return [
        inbound(service, member=member, text=f"message {i}", at=start + timedelta(minutes=i))
        for i in range(n)
    ]


def test_matches_carry_the_message_before_and_after_in_time_order(role, service):
    messages = _history(service, 5)
    # Stored last but dated between 1 and 2: its neighbours are by time, not by id.
    found = inbound(
        service,
        member=messages[0].member,
        text="Where is the FOOD bank?",
        at=messages[1].created_at + timedelta(seconds=30),
    )
    [match] = selectors.search_matches(role, "food")
    assert match.pk == found.pk
    assert (match.before_text, match.after_text) == ("message 1", "message 2")
    assert selectors.search_matches(role, "") == []


def test_the_highlight_escapes_and_marks_every_match():
    from passerelle.web.templatetags.inbox_tags import highlight

    assert highlight("<b>Food</b> and food", "FOOD") == (
        "&lt;b&gt;<mark>Food</mark>&lt;/b&gt; and <mark>food</mark>"
    )


def test_a_page_around_a_message_deep_in_the_history(role, service):
    messages = _history(service, 120)
    thread = group_thread_for(service)
    page, has_older, has_newer = selectors.messages_around(role, thread, messages[30].pk)
    assert page[0] == messages[30 - selectors.AROUND] and messages[30] in page
    assert len(page) == selectors.PAGE_SIZE and has_older and has_newer
    # Near the newest: the page ends at the newest message.
    page, _older, has_newer = selectors.messages_around(role, thread, messages[115].pk)
    assert page[-1] == messages[-1] and not has_newer
    assert selectors.messages_around(role, thread, 10**9) is None


def test_the_search_page_lists_matches_that_open_the_thread_at_them(moderator_client, service):
    messages = _history(service, 80)
    target = messages[5]
    html = moderator_client.get(f"/s/{service.slug}/inbox/", {"q": "message 5"}).content.decode()
    assert f'&at={target.pk}#msg-{target.pk}"' in html
    assert "<mark>message 5</mark>" in html
    thread = target.thread_id
    html = moderator_client.get(
        f"/s/{service.slug}/inbox/", {"thread": thread, "q": "message 5", "at": target.pk}
    ).content.decode()
    assert f'data-hit="msg-{target.pk}"' in html
    assert 'class="msg in hit"' in html
    # In the middle of the history: a way back to the newest, and no live poller.
    assert "Show the newest messages" in html and 'id="poller"' not in html
    assert "message 79" not in html


def test_the_member_feed_is_the_newest_page_in_time_order(service):
    member = make_member(service)
    now = timezone.now()
    # Ids and times disagree, as in the demo: the newest by time was stored first.
    newest = inbound(service, member=member, text="newest", at=now)
    older = [
        inbound(service, member=member, text=f"old {i}", at=now - timedelta(hours=200 - i))
        for i in range(150)
    ]
    feed = selectors.member_feed(service, member)
    assert feed[-1] == newest and feed[0] == older[51]
    assert [m.created_at for m in feed] == sorted(m.created_at for m in feed)
