"""Annex 2: each line of the usage statistics, from membership events and messages."""

from datetime import date, timedelta

from passerelle.communities import services as communities
from passerelle.conversations.services import group_thread_for, messages_record
from passerelle.orgs.models import Role
from passerelle.questions.services import question_mark_answered, question_open
from passerelle.reports.periods import split
from passerelle.reports.tests.helpers import local, member, membership, say, staff_says
from passerelle.reports.usage import usage_table
from passerelle.testing.factories import make_service, make_staff

JAN, FEB, MAR = split(date(2024, 1, 1), date(2024, 3, 31), "month")


def values(table, key):
    return table.row(key).values


def test_membership_lines_replay_events(service):
    a = member(service, joined=local(service, date(2023, 12, 20)))
    b = member(service, joined=local(service, date(2024, 1, 5)))
    c = member(service, joined=local(service, date(2024, 1, 10)))
    d = member(service, joined=local(service, date(2024, 2, 1)))
    communities.membership_leave(
        membership=membership(service, a), via="test", at=local(service, date(2024, 2, 3))
    )
    communities.membership_remove(
        membership=membership(service, c),
        reason="offensive",
        clause="offensive",
        at=local(service, date(2024, 2, 4)),
    )
    communities.membership_readmit(
        membership=membership(service, c), note="apologised", at=local(service, date(2024, 3, 2))
    )
    # An exit of a membership already out changes nothing.
    communities.membership_leave(
        membership=membership(service, a), via="test", at=local(service, date(2024, 3, 3))
    )
    del b, d
    table = usage_table(service, [JAN, FEB, MAR])
    assert values(table, "members_total") == [3, 2, 3]
    assert values(table, "members_new") == [2, 1, 0]
    assert values(table, "members_left") == [0, 1, 0]
    assert values(table, "members_removed") == [0, 1, 0]
    # members(end) = members(start) + new − left − removed (+ re-admitted, in March)
    total, new = values(table, "members_total"), values(table, "members_new")
    assert (
        total[1]
        == total[0]
        + new[1]
        - values(table, "members_left")[1]
        - values(table, "members_removed")[1]
    )


def test_message_lines(service):
    user, role = make_staff(service, Role.MODERATOR)
    ali = member(service, joined=local(service, date(2023, 12, 1)))
    sara = member(service, joined=local(service, date(2023, 12, 1)))
    member(service, joined=local(service, date(2023, 12, 1)))  # says nothing
    asked = say(service, ali, local(service, date(2024, 1, 3)), text="Where is the clinic?")
    say(service, sara, local(service, date(2024, 1, 4)))
    say(service, ali, local(service, date(2024, 2, 1)), private=True)
    private_question = say(service, sara, local(service, date(2024, 2, 2)), private=True)
    staff_says(service, user, local(service, date(2024, 2, 2)), to=sara)
    staff_says(service, user, local(service, date(2024, 2, 5)), label="information")
    staff_says(service, user, local(service, date(2024, 2, 6)))
    answer = staff_says(
        service,
        user,
        local(
            service,
            date(
                2024,
                1,
                4,
            ),
            9,
        ),
        text="Here.",
    )
    question = question_open(message=asked, at=asked.created_at)
    question_mark_answered(
        role=role, question=question, message=answer, at=local(service, date(2024, 1, 4), 9)
    )
    private_q = question_open(message=private_question, at=private_question.created_at)
    reply = staff_says(service, user, local(service, date(2024, 2, 3)), to=sara)
    question_mark_answered(
        role=role, question=private_q, message=reply, at=local(service, date(2024, 2, 3))
    )
    table = usage_table(service, [JAN, FEB])
    assert values(table, "questions_answered") == [1, 0]  # the private one is excluded
    assert values(table, "participants") == [2, 2]
    # Member messages and staff replies in private conversations (Feb: 2 in, 2 out).
    assert values(table, "private_messages") == [0, 4]
    # What staff wrote in the group from the inbox is published too, on a line of its own.
    assert values(table, "posts") == [1, 2]
    assert values(table, "posts.inbox") == [1, 2]


def test_posts_are_counted_by_type_on_the_day_they_went(service, sim_channel):
    from passerelle.posts.models import PostType
    from passerelle.posts.sending import post_send
    from passerelle.posts.services import post_create, post_types_ensure

    user, role = make_staff(service, Role.ADMIN)
    post_types_ensure(org=service.org)
    job, workshop = (PostType.objects.get(slug=s) for s in ("job-offer", "workshop"))
    for kind, day in (
        (job, date(2024, 1, 9)),
        (job, date(2024, 2, 3)),
        (workshop, date(2024, 2, 4)),
    ):
        post = post_create(role=role, post_type=kind, texts={"en": "News"}, audience="group")
        post_send(post=post, now=local(service, day, 9))
    cancelled = post_create(role=role, post_type=job, texts={"en": "No"}, audience="group")
    cancelled.state = "cancelled"
    cancelled.save()
    table = usage_table(service, [JAN, FEB])
    assert values(table, "posts") == [1, 2]
    assert values(table, "posts.job-offer") == [1, 1]
    assert values(table, "posts.workshop") == [0, 1]
    assert values(table, "posts.event") == [0, 0]
    # The posts' own group messages are not counted a second time as written from the inbox.
    assert values(table, "posts.inbox") == [0, 0]
    assert table.row("posts.job-offer").label == "Job offer"


def test_automatic_notices_are_not_private_messages_or_posts(service):
    person = member(service, joined=local(service, date(2023, 12, 1)))
    messages_record(
        [
            {
                "thread": group_thread_for(service),
                "direction": "out",
                "text": "Welcome!",
                "at": local(service, date(2024, 1, 2)),
            }
        ]
    )
    del person
    table = usage_table(service, [JAN])
    assert values(table, "posts") == [0]


def test_services_are_counted_apart(service):
    other = make_service()
    member(other, joined=local(other, date(2024, 1, 2)))
    member(service, joined=local(service, date(2024, 1, 2)))
    assert values(usage_table(service, [JAN]), "members_total") == [1]


def test_periods_side_by_side_may_differ_in_length(service):
    person = member(service, joined=local(service, date(2024, 1, 15)))
    say(service, person, local(service, date(2024, 1, 16)))
    year = split(date(2024, 1, 1), date(2024, 12, 31), "custom")[0]
    q1 = split(date(2024, 1, 1), date(2024, 3, 31), "custom")[0]
    table = usage_table(service, [JAN, q1, year])
    assert table.columns == ["2024-01", "2024-Q1", "2024"]
    assert values(table, "members_new") == [1, 1, 1]
    assert values(table, "participants") == [1, 1, 1]
    assert JAN.end + timedelta(days=1) == FEB.start


def test_query_counts_do_not_grow_with_history(service, django_assert_num_queries):
    from passerelle.reports.selectors import tables_for

    person = member(service, joined=local(service, date(2023, 1, 2)))
    for month in range(1, 13):
        say(service, person, local(service, date(2023, month, 3)), label="request")
    year = split(date(2023, 1, 1), date(2023, 12, 31), "month")
    # Settings, membership events, messages, answered questions, posts and their types, the
    # posts' own group and private messages (told from the inbox's), then one distinct count
    # of participants per period (people cannot be summed across days).
    with django_assert_num_queries(8 + 12):
        tables_for(service, "usage", year)
    with django_assert_num_queries(2):
        tables_for(service, "activity", year)
    three_years = split(date(2021, 1, 1), date(2023, 12, 31), "month")
    with django_assert_num_queries(8 + 36):
        tables_for(service, "usage", three_years)


def test_a_post_to_members_privately_is_one_post_not_many_private_messages(service, sim_channel):
    from passerelle.members.services import member_for_identity
    from passerelle.posts.models import PostType
    from passerelle.posts.sending import post_send
    from passerelle.posts.services import post_create, post_types_ensure

    _user, role = make_staff(service, Role.ADMIN)
    for n in range(3):
        person, _created = member_for_identity(
            org=service.org, platform="sim", address=f"sim-{n}", name=f"P{n}"
        )
        communities.membership_ensure(service=service, member=person, via="test")
    post_types_ensure(org=service.org)
    post = post_create(
        role=role,
        post_type=PostType.objects.get(slug="information"),
        texts={"en": "The clinic is open on Saturday."},
        audience="members",
    )
    post_send(post=post, now=local(service, date(2024, 2, 7), 9))
    assert post.recipients.exclude(message_id=None).count() == 3  # three messages went
    table = usage_table(service, [JAN, FEB])
    assert values(table, "posts") == [0, 1]
    assert values(table, "posts.information") == [0, 1]
    assert values(table, "private_messages") == [0, 0]
