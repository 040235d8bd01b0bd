"""A survey answered by SMS through Twilio's real webhook (issue 12's acceptance): numbers,
Arabic-Indic digits for one answer, a question skipped with 0, and a /leave in the middle
that wins over the survey. The answers are stored, the results page shows them, and the
membership is left."""

import pytest

from passerelle.channels.models import OutboundMessage
from passerelle.communities.models import Membership
from passerelle.orgs.models import Role
from passerelle.surveys.models import SurveyAnswer, SurveyResponse
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import survey_create_from_template, survey_update, wave_create
from passerelle.testing.factories import login_verified, make_staff
from passerelle.testing.platforms import fixture, make_sms, post_twilio

USER = "+16135550163"  # the sender of the inbound fixtures


@pytest.fixture
def channel(service, fake_twilio):
    return make_sms(service, fake_twilio, sender_type="short_code")


@pytest.fixture
def text(client, channel, django_capture_on_commit_callbacks):
    counter = iter(range(1, 10_000))

    def _text(body):
        form = fixture("sms_twilio", "inbound_stop")
        form.pop("OptOutType")
        sid = f"SM{next(counter):032x}"
        form.update(MessageSid=sid, SmsSid=sid, SmsMessageSid=sid, Body=body)
        with django_capture_on_commit_callbacks(execute=True):
            assert post_twilio(client, channel, form).status_code == 200

    return _text


def _last_sms():
    return OutboundMessage.objects.filter(recipient=USER).order_by("-pk").first().text


def test_a_survey_answered_by_sms_then_leave_in_the_middle(
    client, service, channel, text, django_capture_on_commit_callbacks
):
    admin = make_staff(service, Role.ADMIN)[1]
    survey = survey_create_from_template(
        role=admin, template="satisfaction", languages=["ar", "en"]
    )
    # Named, so one person's answers show on the results page (anonymous ones show "< 5").
    survey_update(role=admin, survey=survey, anonymous=False)
    text("مرحبا")  # the person writes first: a member of the service
    assert Membership.objects.get().status == Membership.Status.ACTIVE
    wave_create(role=admin, survey=survey)
    with django_capture_on_commit_callbacks(execute=True):
        assert survey_waves_sweep() == 1
    assert "ما مدى فائدة هذه الخدمة" in _last_sms()
    text("٤")  # Arabic-Indic four
    assert "كم مرة تستخدم المجموعة" in _last_sms()
    text("1")
    text("1 2")
    text("1")  # yes, a problem: the next question asks what it was
    assert "ما هي المشكلة" in _last_sms() and "0. تخطي" in _last_sms()
    text("0")  # skipped
    assert "ما الذي يمكننا تحسينه" in _last_sms()
    text("/leave")
    response = SurveyResponse.objects.get()
    answers = dict(
        SurveyAnswer.objects.filter(response=response).values_list("question__key", "value")
    )
    assert answers == {
        "usefulness": "4",
        "frequency": "daily",
        "uses": ["government", "immigration"],
        "problems": "yes",
        "problems_detail": None,
    }
    assert SurveyAnswer.objects.get(question__key="problems_detail").skipped
    assert response.state == SurveyResponse.State.STOPPED
    assert Membership.objects.get().status == Membership.Status.LEFT
    assert "suggestions" not in answers  # /leave was not taken as an answer
    login_verified(client, admin.user)
    page = client.get(f"/s/{service.slug}/surveys/{survey.pk}/results/?lang=en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-question="usefulness"' in html and "100.0" in html
    table = html.split('data-question="uses"')[1].split("</table>")[0]
    assert "Government services" in table and "Immigration status" in table
