"""Staff pages: the surveys list, a survey from a template, its questions, sending a wave.

Reading needs "read_reports" (results: reports.survey_views); writing "manage_surveys".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.channels.selectors import channels_by_platform
from passerelle.orgs.selectors import role_for
from passerelle.surveys import selectors, services
from passerelle.surveys.forms import QuestionForm, SurveyCreateForm, WaveForm
from passerelle.surveys.models import Survey, SurveyWave

MANAGE = services.CAPABILITY


@login_required
def survey_list(request, slug):
    role = role_for(request.user, slug, "read_reports")
    form = SurveyCreateForm(service=role.service) if role.can(MANAGE) else None
    return render(
        request,
        "surveys/list.html",
        {"role": role, "surveys": selectors.surveys_for(role), "form": form},
    )


@login_required
@require_POST
def survey_create(request, slug):
    role = role_for(request.user, slug, MANAGE)
    form = SurveyCreateForm(request.POST, service=role.service)
    if form.is_valid():
        survey = services.survey_create_from_template(
            role=role,
            template=form.cleaned_data["template"],
            languages=form.cleaned_data["languages"],
            name=form.cleaned_data["name"],
        )
        messages.success(request, _("Survey created: check its questions, then send it."))
        return redirect("surveys:edit", slug, survey.pk)
    return render(
        request,
        "surveys/list.html",
        {"role": role, "surveys": selectors.surveys_for(role), "form": form},
        status=422,
    )


def _question_forms(survey, data=None):
    forms = [
        QuestionForm(data, languages=survey.languages, question=q, prefix=f"q{q.pk}")
        for q in services.asked_questions(survey)
    ]
    new = QuestionForm(data, languages=survey.languages, prefix="new", initial={"kind": "choice"})
    return forms, new


@login_required
def survey_edit(request, slug, survey_id):
    role = role_for(request.user, slug, MANAGE)
    survey = selectors.survey_get(role, survey_id)
    forms, new = _question_forms(survey, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        valid = all(f.is_valid() for f in forms)
        adding = bool(request.POST.get("new-key"))
        if adding:
            valid = new.is_valid() and valid
        if valid:
            questions = [f.as_question() for f in forms if not f.cleaned_data["delete"]]
            if adding:
                questions.append(new.as_question())
            try:
                services.survey_update(
                    role=role,
                    survey=survey,
                    name=request.POST.get("name"),
                    anonymous=request.POST.get("anonymous") == "on",
                    state=request.POST.get("state") or None,
                    questions=questions,
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
                status = 422
            else:
                messages.success(request, _("Survey saved."))
                return redirect("surveys:edit", slug, survey.pk)
        else:
            status = 422
    return render(
        request,
        "surveys/edit.html",
        {
            "role": role,
            "survey": survey,
            "forms": forms,
            "new": new,
            "states": Survey.State.choices,
            "waves": [(w, selectors.wave_progress(w)) for w in survey.waves.all()],
        },
        status=status,
    )


def _platforms(service) -> list[str]:
    return sorted({platform for _channel, platform in channels_by_platform(service.pk)})


@login_required
def wave_new(request, slug, survey_id):
    """GET (or POST with "count"): the audience picker with its count; POST: plan the wave."""
    role = role_for(request.user, slug, MANAGE)
    survey = selectors.survey_get(role, survey_id)
    service = role.service
    data = request.POST if request.method == "POST" else (request.GET or None)
    templates = selectors.opening_templates(service)
    form = WaveForm(data, service=service, platforms=_platforms(service), templates=templates)
    audience = form.audience() if data else {}
    count = selectors.audience_count(service, audience)
    status = 200
    if request.method == "POST" and "count" not in request.POST:
        if form.is_valid():
            scheduled = form.cleaned_data["scheduled_at"]
            if scheduled is not None and timezone.is_naive(scheduled):
                scheduled = timezone.make_aware(scheduled, service.tz)
            try:
                services.wave_create(
                    role=role,
                    survey=survey,
                    audience=audience,
                    scheduled_at=scheduled,
                    repeat_months=form.cleaned_data["repeat_months"],
                    open_days=form.cleaned_data["open_days"] or 14,
                    trigger=form.cleaned_data["trigger"],
                    opening_template=form.cleaned_data["opening_template"],
                )
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
                status = 422
            else:
                if form.cleaned_data["trigger"] == SurveyWave.Trigger.SCHEDULED:
                    messages.success(request, _("Wave planned: it is sent within a minute."))
                else:
                    messages.success(
                        request,
                        _(
                            "Wave started: each member is asked within a minute of joining "
                            "or leaving, until you cancel it."
                        ),
                    )
                return redirect("surveys:edit", slug, survey.pk)
        else:
            status = 422
    return render(
        request,
        "surveys/wave_new.html",
        {
            "role": role,
            "survey": survey,
            "form": form,
            "count": count,
            "has_templates": bool(templates),
        },
        status=status,
    )


@login_required
@require_POST
def wave_cancel(request, slug, survey_id, wave_id):
    role = role_for(request.user, slug, MANAGE)
    survey = selectors.survey_get(role, survey_id)
    wave = selectors.wave_get(role, survey, wave_id)
    try:
        if services.wave_cancel(role=role, wave=wave):
            messages.success(request, _("Wave cancelled."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("surveys:edit", slug, survey.pk)
