"""An export imported: members, memberships and their events, messages at their real times."""

from datetime import datetime

from passerelle.channels.models import OutboundMessage
from passerelle.communities.models import Membership, MembershipEvent
from passerelle.conversations.models import Message, Thread
from passerelle.history import telegram, whatsapp
from passerelle.history.services import history_import, identity_of
from passerelle.history.tests.samples import (
    ANDROID_GROUP,
    TORONTO,
    telegram_group,
    text,
)
from passerelle.members.models import Identity, Member


def _whatsapp(service, body, **kw):
    export = whatsapp.read(body, tz=TORONTO, **kw)
    return history_import(service=service, records=export.records, source="whatsapp")


def _local(moment):
    return moment.astimezone(TORONTO).strftime("%Y-%m-%d %H:%M")


def _statuses(service):
    return {
        m.member.display_name: m.status
        for m in Membership.objects.filter(service=service).select_related("member")
    }


def _events(service):
    return [
        (e.membership.member.display_name, e.kind, _local(e.created_at))
        for e in MembershipEvent.objects.filter(membership__service=service)
        .select_related("membership__member")
        .order_by("created_at", "id")
    ]


def test_a_whatsapp_group_history_lands_with_its_real_times(service):
    summary = _whatsapp(service, ANDROID_GROUP)
    assert (summary.records, summary.messages, summary.members, summary.events) == (12, 6, 5, 7)
    assert summary.system_lines == 2 and not summary.skipped
    assert _statuses(service) == {
        "Amira": "active",
        "Bilal": "active",
        "Chloé": "left",
        "David": "removed",
        "Farah": "active",
    }
    assert _events(service) == [
        ("Amira", "joined", "2017-03-01 09:01"),  # inferred: she added them
        ("Bilal", "joined", "2017-03-01 09:01"),
        ("Chloé", "joined", "2017-03-01 09:01"),
        ("David", "joined", "2017-03-01 09:01"),
        ("Farah", "joined", "2017-03-14 18:30"),
        ("Chloé", "left", "2017-04-02 20:00"),
        ("David", "removed", "2017-04-20 23:45"),
    ]
    inferred = MembershipEvent.objects.get(membership__member__display_name="Amira")
    assert inferred.data == {"via": "whatsapp_export", "inferred": True}

    messages = list(Message.objects.filter(service=service).order_by("created_at"))
    assert {m.thread.kind for m in messages} == {Thread.Kind.GROUP}
    assert {m.direction for m in messages} == {"in"} and {m.label for m in messages} == {""}
    assert [(m.member.display_name, _local(m.created_at)) for m in messages] == [
        ("Amira", "2017-03-01 09:02"),
        ("Bilal", "2017-03-02 13:15"),
        ("Amira", "2017-03-02 13:20"),
        ("Farah", "2017-03-14 18:31"),
        ("David", "2017-04-03 10:00"),
        ("Bilal", "2017-05-01 00:05"),
    ]
    assert messages[2].text.endswith("And the vaccination record.")
    assert (messages[3].media_kind, messages[3].text) == ("other", "")
    assert (messages[4].extra, messages[4].text) == (
        {"imported": "whatsapp_export", "deleted": True},
        "",
    )
    assert OutboundMessage.objects.count() == 0  # history is recorded, never sent
    bilal = Member.objects.get(display_name="Bilal")
    assert bilal.created_at == datetime(2017, 3, 1, 9, 1, tzinfo=TORONTO)


def test_an_import_run_twice_adds_nothing_the_second_time(service):
    _whatsapp(service, ANDROID_GROUP)
    counts = (Message.objects.count(), MembershipEvent.objects.count(), Member.objects.count())
    again = _whatsapp(service, ANDROID_GROUP)
    assert (again.messages, again.members, again.memberships, again.events) == (0, 0, 0, 0)
    assert (again.messages_known, again.events_known) == (6, 6)
    assert (Message.objects.count(), MembershipEvent.objects.count(), Member.objects.count()) == (
        counts
    )
    assert _statuses(service)["Chloé"] == "left"


def test_a_later_export_of_the_same_group_adds_only_what_is_new(service):
    _whatsapp(service, ANDROID_GROUP)
    later = ANDROID_GROUP + text(
        "6/1/17, 10:00 AM - Chloé joined using this group's invite link",
        "6/1/17, 10:05 AM - Chloé: I am back",
        "6/2/17, 9:00 AM - Amira added David",
    )
    summary = _whatsapp(service, later)
    assert (summary.messages, summary.messages_known, summary.events) == (1, 6, 2)
    assert _statuses(service) == {
        "Amira": "active",
        "Bilal": "active",
        "Chloé": "active",
        "David": "active",
        "Farah": "active",
    }
    # Coming back after leaving is joining; after a removal, being re-admitted.
    assert _events(service)[-2:] == [
        ("Chloé", "joined", "2017-06-01 10:00"),
        ("David", "readmitted", "2017-06-02 09:00"),
    ]
    chloe = Membership.objects.get(member__display_name="Chloé")
    assert (_local(chloe.joined_at), chloe.ended_at) == ("2017-06-01 10:00", None)


def test_a_change_that_contradicts_the_history_is_reported_with_its_line(service):
    summary = _whatsapp(
        service,
        text(
            "3/1/17, 9:00 AM - Bilal joined using this group's invite link",
            "3/2/17, 9:00 AM - Bilal left",
            "3/3/17, 9:00 AM - Bilal left",
            "3/14/17, 9:00 AM - Bilal: hello",
        ),
    )
    assert [str(p) for p in summary.skipped] == ["line 3: was not a member at that time"]
    assert [kind for _n, kind, _at in _events(service)] == ["joined", "left"]


def test_a_first_trace_that_is_a_leave_was_a_member_until_then(service):
    _whatsapp(service, text("3/14/17, 9:00 AM - Bilal left", "3/15/17, 9:00 AM - Amira: hi"))
    assert _events(service)[:2] == [
        ("Bilal", "joined", "2017-03-14 09:00"),
        ("Bilal", "left", "2017-03-14 09:00"),
    ]


def test_people_get_stable_addresses_and_a_phone_number_is_not_a_name(service):
    _whatsapp(
        service,
        text(
            "3/14/17, 9:00 AM - +1 613-555-0101 joined using this group's invite link",
            "3/14/17, 9:05 AM - +1 613-555-0101: hello",
            "3/14/17, 9:06 AM - Amira added you",
        ),
    )
    phone = Identity.objects.get(address="+16135550101")
    assert phone.platform == "whatsapp_export"
    assert "555" not in phone.member.display_name  # masked: "whatsapp_export •••• 0101"
    you = Identity.objects.get(address="you")
    assert you.member.display_name == "You"
    amira = Identity.objects.get(member__display_name="Amira")
    assert amira.address.startswith("name-") and "Amira" not in amira.address
    assert identity_of(whatsapp.lines.Person(" amira ".strip()))[0] == amira.address


def test_a_telegram_group_lands_with_its_replies(service):
    export = telegram.read(telegram_group(), tz=TORONTO)
    summary = history_import(service=service, records=export.records, source="telegram")
    assert (summary.messages, summary.members, summary.events) == (4, 4, 6)
    messages = {m.platform_message_id: m for m in Message.objects.filter(service=service)}
    question, answer = messages["tg:4455667788:3"], messages["tg:4455667788:4"]
    assert answer.reply_to == question
    assert _local(question.created_at) == "2023-03-02 13:15"
    assert messages["tg:4455667788:6"].media_kind == "photo"
    assert messages["tg:4455667788:7"].extra["forwarded_from"] == "City of Ottawa"
    assert _statuses(service) == {
        "Amira": "active",
        "Bilal": "removed",
        "Chloé": "left",
        "Farah": "active",
    }
    assert Identity.objects.get(member__display_name="Bilal").address == "user202"

    again = history_import(service=service, records=export.records, source="telegram")
    assert (again.messages, again.events, again.members) == (0, 0, 0)


def test_a_reply_to_a_message_of_an_earlier_import_is_linked(service):
    first, rest = telegram_group(), telegram_group()
    first["messages"] = first["messages"][:3]
    rest["messages"] = rest["messages"][3:]
    for part in (first, rest):
        export = telegram.read(part, tz=TORONTO)
        history_import(service=service, records=export.records, source="telegram")
    answer = Message.objects.get(platform_message_id="tg:4455667788:4")
    assert answer.reply_to.platform_message_id == "tg:4455667788:3"


def test_progress_is_told_records_done_of_total(service):
    seen = []
    export = whatsapp.read(ANDROID_GROUP, tz=TORONTO)
    history_import(
        service=service,
        records=export.records,
        source="whatsapp",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(12, 12)]
