"""Acceptance: one member's export holds all of it; after erasure no table holds their
name, address or words, and the monthly statistics of their month do not move."""

import csv
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from passerelle.channels.models import ChannelLog, OutboundMessage, RawEvent
from passerelle.conversations.models import Message, Redaction
from passerelle.members.models import ConsentEvent, Member, StaffAccess
from passerelle.orgs.models import Role
from passerelle.privacy.models import MemberErasure
from passerelle.testing.factories import login_verified, make_staff

from . import scenario

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def leaks(needles) -> list[tuple[str, str, int, str]]:
    """Every (model, column, row, needle) where a text, char or JSON column holds a needle,
    over every model Django knows (ours, auth, admin, sessions, tasks…)."""
    found = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        names = [f.attname for f in fields]
        for pk, *values in model._default_manager.values_list("pk", *names).iterator():
            for name, value in zip(names, values, strict=True):
                if value in (None, "", {}, []):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                text = text.lower()
                found += [(model._meta.label, name, pk, n) for n in lowered if n in text]
    return found


@pytest.fixture
def story(client, fake_telegram, django_capture_on_commit_callbacks):
    return scenario.build(
        client=client, fake_telegram=fake_telegram, capture=django_capture_on_commit_callbacks
    )


def _zip(data: bytes) -> tuple[dict, dict[str, list[dict]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    tables = json.loads(archive.read("data.json"))
    csvs = {
        name[:-4]: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        for name in archive.namelist()
        if name.endswith(".csv")
    }
    return tables, csvs


def test_export_holds_everything_then_erasure_leaves_nothing(story, tmp_path, client):
    service, member = story.service, story.member

    # The staff member opens the member page: that is logged.
    login_verified(client, story.moderator)
    page = client.get(f"/s/{service.slug}/moderation/members/{story.membership.pk}/")
    assert page.status_code == 200
    assert StaffAccess.objects.filter(member=member, kind="member_page").count() == 1

    # -- export (command line) --------------------------------------------------------
    out = tmp_path / "member.zip"
    call_command(
        "member", "export", "--service", service.slug, "--member", str(member.pk), "--out", out
    )
    tables, csvs = _zip(out.read_bytes())
    assert tables["member"][0]["name"] == f"{scenario.FIRST} {scenario.LAST}"
    assert tables["identities"] == [
        {
            "platform": "telegram",
            "address": str(scenario.PERSON),
            "since": tables["identities"][0]["since"],
        }
    ]
    texts = [m["text"] for m in tables["messages"]]
    assert scenario.GROUP_TEXT in texts and scenario.PRIVATE_TEXT in texts
    assert scenario.STAFF_PRIVATE in texts
    conversations = {m["conversation"] for m in tables["messages"]}
    assert conversations == {"group", "private"}
    referral_message = [m for m in tables["messages"] if m["label"] == "referral"]
    assert len(referral_message) == 1 and "CHEO Newcomer Clinic" in referral_message[0]["text"]
    assert [m["status"] for m in tables["memberships"]] == ["active"]
    kinds = [e["kind"] for e in tables["membership_events"]]
    assert {"requested", "guidelines_accepted", "accepted", "warned"} <= set(kinds)
    answers = {a["key"]: a for a in tables["intake_answers"]}
    assert answers["where_from"]["answer"] == scenario.INTAKE_TEXT
    assert answers["consent_surveys"]["answer"] == "yes"
    consents = {(c["purpose"], c["action"]) for c in tables["consents"]}
    assert consents >= {
        ("guidelines", "given"),
        ("surveys", "given"),
        ("privacy_notice", "informed"),
        ("followup", "given"),
    }
    assert any(c["note"] == scenario.CONSENT_NOTE for c in tables["consents"])
    (question,) = [q for q in tables["questions"] if q["source"] == "labelled"]
    # Their private messages waited for a reply: timed, and in their data too.
    assert {q["source"] for q in tables["questions"]} == {"labelled", "private"}
    assert question["message"] == story.group_message.pk and question["status"] == "referred"
    (referral,) = tables["referrals"]
    assert referral["partner"] == "CHEO Newcomer Clinic" and referral["question"] == question["id"]
    (warning,) = tables["warnings"]
    assert warning["reason"] == scenario.WARNING_NOTE and warning["clause"] == "off_topic"
    # Every table is also a CSV of the same rows; staff are never named.
    for name, rows in tables.items():
        assert len(csvs[name]) == len(rows), name
    assert any(scenario.PRIVATE_TEXT == row["text"] for row in csvs["messages"])
    assert "example.org" not in json.dumps(tables)
    assert StaffAccess.objects.filter(member=member, kind="export", user=None).count() == 1

    # -- before erasure, the scan finds the person everywhere it should ----------------
    before = leaks(scenario.NEEDLES)
    places = {label for label, _f, _pk, _n in before}
    assert {
        "members.Member",
        "members.Identity",
        "members.ConsentEvent",
        "conversations.Message",
        "communities.IntakeAnswer",
        "moderation.MemberWarning",
        "channels.RawEvent",
        "channels.ChannelLog",
        "channels.OutboundMessage",
        "channels.ContactStatus",
    } <= places, places
    statistics = scenario.monthly_statistics(service)
    message_count = Message.objects.filter(service=service).count()
    assert statistics["memberships"][(story.month.date(), "accepted")] == 1

    # -- erasure (command line) --------------------------------------------------------
    call_command(
        "member",
        "erase",
        "--service",
        service.slug,
        "--member",
        str(member.pk),
        "--reason",
        "asked by phone",
        "--yes",
    )
    remaining = leaks(scenario.NEEDLES)
    assert remaining == [], sorted(
        {(label, field, needle) for label, field, _pk, needle in remaining}
    )

    member.refresh_from_db()
    assert member.display_name == Member.ERASED_NAME and member.erased_at is not None
    assert all(i.address.startswith("erased-") for i in member.identities.all())
    # Threads and counts stay whole: the messages are placeholders.
    assert Message.objects.filter(service=service).count() == message_count
    mine = Message.objects.filter(member=member)
    assert mine.count() >= 10 and set(mine.values_list("redacted", flat=True)) == {
        Redaction.MEMBER_REQUEST
    }
    assert set(mine.values_list("text", flat=True)) == {""}
    answer = Message.objects.get(service=service, reply_to=story.group_message, direction="out")
    assert answer.text == "[…], the CHEO clinic on Smyth Road takes walk-ins."
    # Labels and times stay, so the monthly statistics of her month do not move.
    after = scenario.monthly_statistics(service)
    assert after["messages"] == statistics["messages"]
    month = story.month.date()
    assert {k: v for k, v in after["memberships"].items() if k[0] == month} == {
        k: v for k, v in statistics["memberships"].items() if k[0] == month
    }
    # The pipeline forgot what platforms sent about her and what it sent her.
    assert not RawEvent.objects.filter(body__contains=str(scenario.PERSON)).exists()
    assert not ChannelLog.objects.filter(request__contains=str(scenario.PERSON)).exists()
    assert OutboundMessage.objects.filter(recipient__startswith="erased-").exists()
    # One row says who erased and when; consent events stay (without notes).
    erasure = MemberErasure.objects.get(member=member)
    assert (erasure.via, erasure.actor, erasure.reason) == ("cli", None, "asked by phone")
    assert ConsentEvent.objects.filter(member=member).exclude(note="").count() == 0
    assert ConsentEvent.objects.filter(member=member).count() == len(tables["consents"])


def test_web_export_needs_the_export_capability_and_is_logged(story, client):
    url = f"/s/{story.service.slug}/privacy/members/{story.member.pk}/export/"
    login_verified(client, story.moderator)
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    tables, _csvs = _zip(response.content)
    assert scenario.GROUP_TEXT in [m["text"] for m in tables["messages"]]
    assert StaffAccess.objects.filter(
        member=story.member, kind="export", user=story.moderator
    ).exists()
    assert client.get(url).status_code == 405  # a download is a POST, never a link

    for role in (Role.PARTNER, Role.VIEWER):
        user, _role = make_staff(story.service, role)
        login_verified(client, user)
        assert client.post(url).status_code == 404


def test_erasure_from_the_page_asks_for_a_reason_then_a_confirmation(story, client):
    url = f"/s/{story.service.slug}/privacy/members/{story.member.pk}/erase/"
    login_verified(client, story.moderator)
    assert client.get(url).status_code == 404  # moderators export; only admins erase
    login_verified(client, story.admin)
    assert "Why (for the record)" in client.get(url).content.decode()
    review = client.post(url, {"step": "review", "reason": "asked in person"})
    assert review.status_code == 200 and "Yes, erase" in review.content.decode()
    assert not Member.objects.get(pk=story.member.pk).erased_at  # nothing yet
    done = client.post(url, {"step": "confirm", "reason": "asked in person", "confirm": "erase"})
    assert done.status_code == 302
    assert done["Location"] == f"/s/{story.service.slug}/moderation/members/{story.membership.pk}/"
    erased = Member.objects.get(pk=story.member.pk)
    assert erased.erased_at and erased.erasure.actor == story.admin
    assert StaffAccess.objects.filter(member=erased, kind="erase", user=story.admin).exists()
    assert leaks(scenario.NEEDLES) == []
    page = client.get(done["Location"]).content.decode()
    assert "Erased member" in page and "removed at the member" in page.lower()
