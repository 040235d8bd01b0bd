"""SMS segments as Twilio counts them, the live counter under the reply box, and pacing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passerelle.channels.types.base import OutboundRequest
from passerelle.channels.types.sms_twilio.segments import GSM7_BASIC, GSM7_EXTENSION, segments
from passerelle.channels.types.sms_twilio.type import split_body
from passerelle.conversations.models import Thread
from passerelle.conversations.services import message_reply
from passerelle.orgs.models import Role
from passerelle.testing.factories import make_staff
from passerelle.testing.fakeplatforms import num_segments
from passerelle.testing.platforms import fixture, make_sms, post_twilio

ARABIC = "مرحبا، هل يمكنني حجز موعد مع مستشارة التوظيف؟"
SAMPLES = [
    ("Hello", "GSM-7", 1),
    ("a" * 160, "GSM-7", 1),
    ("a" * 161, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2),
    ("a" * 307, "GSM-7", 3),
    ("€" * 80, "GSM-7", 1),  # extension characters count two septets
    ("€" * 81, "GSM-7", 2),
    ("Café à 10 h, près de l'école", "GSM-7", 1),  # é è à are in the GSM alphabet
    ("Ça coûte 5 $", "UCS-2", 1),  # û is not
    (ARABIC, "UCS-2", 1),
    ("ب" * 70, "UCS-2", 1),
    ("ب" * 71, "UCS-2", 2),
    ("ب" * 134, "UCS-2", 2),
    ("ب" * 135, "UCS-2", 3),
    ("Bonjour 👋", "UCS-2", 1),
]


@pytest.mark.parametrize("text, encoding, count", SAMPLES)
def test_segments_as_twilio_counts(text, encoding, count):
    assert segments(text) == (encoding, count)
    assert num_segments(text) == count  # the fake Twilio agrees


def test_a_two_unit_character_never_straddles_two_segments():
    # 152 septets then "€" (2): the escape and its character go to the next segment.
    assert segments("a" * 152 + "€" + "a" * 10) == ("GSM-7", 2)
    # 306 septets fit two segments of 153 on paper, but not once "€" moved whole.
    assert segments("a" * 152 + "€" + "a" * 152) == ("GSM-7", 3)
    # 66 units then an emoji (a surrogate pair) moves whole to segment 2 (134 units, 3).
    assert segments("ب" * 66 + "😀" + "ب" * 60) == ("UCS-2", 2)
    assert segments("ب" * 66 + "😀" + "ب" * 66) == ("UCS-2", 3)


@given(st.text(alphabet=sorted(GSM7_BASIC | GSM7_EXTENSION) + ["ب", "é", "û"], max_size=400))
def test_segments_agree_with_the_fake_twilio_when_nothing_straddles(text):
    encoding, count = segments(text)
    if count <= 1 or not any(c in GSM7_EXTENSION or ord(c) > 0xFFFF for c in text):
        assert count == num_segments(text) or (text == "" and count == 0)


@pytest.fixture
def moderator_role(service):
    return make_staff(service, Role.MODERATOR)[1]


@pytest.mark.parametrize("text, encoding, count", SAMPLES[::3])
def test_live_counter_agrees_with_the_server(
    client, service, moderator_role, text, encoding, count
):
    client.force_login(moderator_role.user)
    page = client.get(f"/s/{service.slug}/sms/segments/", {"text": text}).content.decode()
    assert f'data-segments="{count}"' in page and f'data-encoding="{encoding}"' in page


def test_counter_is_shown_under_the_reply_box_of_an_sms_thread(
    client, service, fake_twilio, moderator_role, django_capture_on_commit_callbacks
):
    channel = make_sms(service, fake_twilio)
    with django_capture_on_commit_callbacks(execute=True):
        post_twilio(client, channel, fixture("sms_twilio", "inbound_arabic"))
    thread = Thread.objects.get(kind="private")
    client.force_login(moderator_role.user)
    page = client.get(f"/s/{service.slug}/inbox/?thread={thread.pk}").content.decode()
    assert f'hx-get="/s/{service.slug}/sms/segments/"' in page
    assert 'hx-include="#reply-text"' in page


def test_counter_needs_a_role(client, service):
    assert client.get(f"/s/{service.slug}/sms/segments/", {"text": "x"}).status_code == 302


def test_rate_limit_cost_is_the_segments_and_pace_follows_the_sender(service, fake_twilio):
    channel = make_sms(service, fake_twilio)
    request = OutboundRequest(text="ب" * 71, recipient="+16135550142")
    (limit,) = channel.channel_type.rate_limits(channel, request)
    assert (limit.key, limit.limit, limit.period, limit.cost) == (
        "sms:sender:+16135550100",
        1,
        1.0,
        2,
    )
    for sender_type, pace in (("toll_free", 3), ("short_code", 100)):
        channel.config["sender_type"] = sender_type
        assert channel.channel_type.rate_limits(channel, request)[0].limit == pace
    channel.config["segments_per_second"] = 10
    assert channel.channel_type.rate_limits(channel, request)[0].limit == 10


def test_long_reply_goes_as_several_sms_of_at_most_1600_characters(
    client, service, fake_twilio, moderator_role, django_capture_on_commit_callbacks
):
    channel = make_sms(service, fake_twilio, sender_type="short_code")
    with django_capture_on_commit_callbacks(execute=True):
        post_twilio(client, channel, fixture("sms_twilio", "inbound_sms"))
    fake_twilio.reset()
    thread = Thread.objects.get(kind="private")
    with django_capture_on_commit_callbacks(execute=True):
        message_reply(role=moderator_role, thread=thread, text="mot " * 1000)
    bodies = [r.form["Body"] for r in fake_twilio.requests.matching("/Messages.json", "POST")]
    assert len(bodies) == 3 and all(len(b) <= 1600 for b in bodies)
    assert " ".join(bodies).split() == ["mot"] * 1000
    assert split_body("court") == ["court"]
