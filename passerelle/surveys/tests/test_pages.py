"""Staff pages (list, a survey from a template, its questions, a wave) and the results page
with its small-number rule, comparison between waves and downloads; the web form."""

import io

import pytest
from openpyxl import load_workbook

from passerelle.orgs.models import Role
from passerelle.reports.services import report_settings_save
from passerelle.surveys.links import form_token
from passerelle.surveys.models import Survey, SurveyRecipient, SurveyResponse, SurveyWave
from passerelle.surveys.responses import response_submit_web
from passerelle.surveys.sending import survey_waves_sweep
from passerelle.surveys.services import wave_create
from passerelle.surveys.tests.conftest import join, last_said
from passerelle.testing.factories import login_verified, make_service, make_staff


@pytest.fixture
def mod_client(client, service):
    user, role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    client.role = role
    return client


def test_a_moderator_creates_edits_and_sends_a_survey(mod_client, service, sim_channel):
    join(service, "sim-a", language="fr")
    join(service, "sim-b", language="ar")
    base = f"/s/{service.slug}/surveys/"
    assert "satisfaction" in mod_client.get(base).content.decode()
    response = mod_client.post(
        base + "new/", {"template": "satisfaction", "languages": ["fr", "ar"], "name": ""}
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{base}{survey.pk}/"
    page = mod_client.get(f"{base}{survey.pk}/").content.decode()
    assert 'lang="ar"' in page and "Ce service vous est-il utile" in page
    form = {"name": "Satisfaction 2026", "anonymous": "on", "state": "draft"}
    for q in survey.questions.all():
        prefix = f"q{q.pk}"
        form.update(
            {
                f"{prefix}-key": q.key,
                f"{prefix}-kind": q.kind,
                f"{prefix}-skip_if": q.skip_if,
                f"{prefix}-skip_to": q.skip_to,
            }
        )
        if q.optional:
            form[f"{prefix}-optional"] = "on"
        for lang in ("fr", "ar"):
            form[f"{prefix}-text_{lang}"] = q.text[lang]
            form[f"{prefix}-options_{lang}"] = "\n".join(o["labels"][lang] for o in q.options)
    first = survey.questions.first()
    form[f"q{first.pk}-text_fr"] = "Ce groupe vous est-il utile ?"
    assert mod_client.post(f"{base}{survey.pk}/", form).status_code == 302
    survey.refresh_from_db()
    assert survey.name == "Satisfaction 2026"
    assert survey.questions.first().text["fr"] == "Ce groupe vous est-il utile ?"
    frequency = survey.questions.get(key="frequency")
    assert frequency.options[0]["value"] == "daily"  # values kept when labels are edited
    page = mod_client.get(f"{base}{survey.pk}/waves/new/?languages=ar").content.decode()
    assert "1 member will be asked" in page
    response = mod_client.post(f"{base}{survey.pk}/waves/new/", {"open_days": 14})
    assert response.status_code == 302
    assert SurveyWave.objects.get().state == "scheduled"
    assert survey_waves_sweep() == 2


def test_a_viewer_reads_results_but_cannot_edit(client, service, admin_role, satisfaction):
    user, _role = make_staff(service, Role.VIEWER)
    client.force_login(user)
    assert client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/results/").status_code == 200
    assert client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/").status_code == 404
    other = make_staff(make_service(), Role.MODERATOR)[0]
    client.force_login(other)
    assert client.get(f"/s/{service.slug}/surveys/{satisfaction.pk}/results/").status_code == 404


def _answer_by_web(wave, member, answers):
    recipient = SurveyRecipient.objects.get(wave=wave, member=member)
    return response_submit_web(recipient=recipient, answers=answers)


def _sent_wave(admin_role, survey, members):
    wave = wave_create(role=admin_role, survey=survey)
    survey_waves_sweep()
    wave.refresh_from_db()
    return wave


def test_results_hide_small_counts_of_an_anonymous_survey_and_compare_waves(
    client, service, sim_channel, admin_role, satisfaction
):
    members = [join(service, f"sim-{i}", language="en") for i in range(6)]
    first = _sent_wave(admin_role, satisfaction, members)
    for index, member in enumerate(members):
        _answer_by_web(
            first,
            member,
            {
                "usefulness": "5" if index < 5 else "2",
                "frequency": "daily",
                "uses": ["government", "immigration"],
                "problems": "no",
                "suggestions": f"more workshops {index}",
            },
        )
    second = _sent_wave(admin_role, satisfaction, members)
    _answer_by_web(second, members[0], {"usefulness": "4", "frequency": "weekly"})
    login_verified(client, admin_role.user)
    url = f"/s/{service.slug}/surveys/{satisfaction.pk}/results/"
    html = client.get(url).content.decode()
    usefulness = html.split('data-question="usefulness"')[1].split("</table>")[0]
    # First wave: 5 people said 5 (shown, 83.3 %), 1 said 2 (hidden as "< 5").
    assert ">5<" in usefulness and "83.3" in usefulness and "&lt; 5" in usefulness
    assert "more workshops 3" in html  # 6 completed responses: text answers are listed
    second_only = client.get(url, {"wave": second.pk}).content.decode()
    assert "more workshops" not in second_only and "Text answers are hidden" in second_only
    report_settings_save(role=admin_role, small_number_threshold=0)
    shown = client.get(url, {"wave": second.pk}).content.decode()
    assert "Text answers are hidden" not in shown
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "usefulness" in text and "Government services" in text
    xlsx = client.get(url, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert any("useful" in name for name in book.sheetnames)


def test_the_web_form_answers_once_in_the_members_language(
    client, service, sim_channel, admin_role, satisfaction
):
    member = join(service, "sim-web", language="ar")
    wave = _sent_wave(admin_role, satisfaction, [member])
    recipient = SurveyRecipient.objects.get(wave=wave)
    url = f"/survey/{form_token(recipient)}/"
    assert url in last_said(member)  # offered with the first question
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page and "ما مدى فائدة هذه الخدمة" in page
    assert client.post(url, {"q_usefulness": "5"}).status_code == 422  # frequency missing
    done = client.post(
        url,
        {
            "q_usefulness": "5",
            "q_frequency": "weekly",
            "q_uses": ["health"],
            "q_problems": "no",
            "q_suggestions": "",
        },
    )
    assert done.status_code == 200 and 'id="survey-done"' in done.content.decode()
    response = SurveyResponse.objects.get()
    assert response.state == "completed" and response.via == "conversation"
    assert response.member_id is None  # anonymous: the link is cut, here as in the chat
    assert not response.answers.filter(question__key="problems_detail").exists()
    again = client.post(url, {"q_usefulness": "1", "q_frequency": "daily", "q_problems": "no"})
    assert 'id="survey-done"' in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(url[:-3] + "xx/").status_code == 404
