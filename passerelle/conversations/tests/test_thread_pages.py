"""A thread's pages follow its order, (created_at, id), however the rows were written: keyset
pagination from the message a page starts at (issue 11, point 3)."""

import random
import re
from datetime import timedelta

from django.utils import timezone

from passerelle.conversations import selectors
from passerelle.conversations.models import Message, Thread
from passerelle.testing.factories import make_staff


def _messages(service, thread, times):
    """One message per time, written in the order given (ids follow that order)."""
    Message.objects.bulk_create(
        Message(
            org=service.org,
            service=service,
            thread=thread,
            direction="in",
            text=f"at {n} #{i}",
            created_at=at,
        )
        for i, (n, at) in enumerate(times)
    )
    return list(Message.objects.filter(thread=thread).order_by("created_at", "id"))


def _many_at_equal_times(service, thread, count=130, same=7):
    # Seven messages share each time, and the rows are written shuffled (an import, a
    # late platform retry): id order is not time order, and pages end inside a tie.
    start = timezone.now() - timedelta(days=2)
    times = [(n // same, start + timedelta(minutes=n // same)) for n in range(count)]
    random.Random(11).shuffle(times)
    return _messages(service, thread, times)


def _shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="msg-(\d+)"', html)]


def _older_link(html: str):
    found = re.search(r"/older/\?before=(\d+)", html)
    return int(found.group(1)) if found else None


def test_show_older_walks_the_whole_thread_in_order_once(moderator_client, sim_channel):
    service = sim_channel.service
    thread = Thread.objects.get(service=service, kind="group")
    ordered = _many_at_equal_times(service, thread)
    page = moderator_client.get(f"/s/{service.slug}/inbox/").content.decode()
    pages = [_shown(page)]
    before = _older_link(page)
    while before is not None:
        older = moderator_client.get(
            f"/s/{service.slug}/threads/{thread.pk}/older/?before={before}"
        )
        assert older.status_code == 200
        html = older.content.decode()
        pages.insert(0, _shown(html))
        before = _older_link(html)
    assert [len(p) for p in pages] == [30, 50, 50]
    # Every message once, oldest first, each page ending where the next one begins.
    assert [pk for p in pages for pk in p] == [m.pk for m in ordered]


def test_a_page_ends_inside_a_tie_and_the_next_starts_after_it(service):
    thread = Thread.objects.get(service=service, kind="group")
    at = timezone.now() - timedelta(hours=1)
    # Five messages at one time, then three later: a page of four ends inside the tie.
    ordered = _messages(service, thread, [(0, at)] * 5 + [(1, at + timedelta(seconds=1))] * 3)
    _user, role = make_staff(service)
    newest, has_more = selectors.messages_for(role, thread, limit=4)
    assert newest == ordered[4:] and has_more
    older, has_more = selectors.messages_for(role, thread, before_id=newest[0].pk, limit=4)
    assert older == ordered[:4] and not has_more
    # The messages at the same time as the first one shown and with a smaller id only.
    assert [m.pk for m in older[1:]] == sorted(m.pk for m in older[1:])


def test_a_message_written_late_with_an_early_time_is_on_its_times_page(service):
    """Ids no longer decide the pages: an older message stored last comes before its time."""
    thread = Thread.objects.get(service=service, kind="group")
    start = timezone.now() - timedelta(hours=3)
    times = [(n, start + timedelta(minutes=n)) for n in range(1, 11)]
    ordered = _messages(service, thread, [*times, (0, start)])
    _user, role = make_staff(service)
    newest, _ = selectors.messages_for(role, thread, limit=5)
    older, has_more = selectors.messages_for(role, thread, before_id=newest[0].pk, limit=5)
    oldest, has_more = selectors.messages_for(role, thread, before_id=older[0].pk, limit=5)
    assert oldest == [ordered[0]] and oldest[0].text == "at 0 #10" and not has_more


def test_before_a_message_of_another_thread_shows_nothing(moderator_client, sim_channel):
    service = sim_channel.service
    group = Thread.objects.get(service=service, kind="group")
    _messages(service, group, [(0, timezone.now() - timedelta(minutes=1))])
    other = Thread.objects.create(org=service.org, service=service, kind="private")
    stranger = _messages(service, other, [(0, timezone.now())])[0]
    older = moderator_client.get(
        f"/s/{service.slug}/threads/{group.pk}/older/?before={stranger.pk}"
    )
    assert older.status_code == 200 and _shown(older.content.decode()) == []
