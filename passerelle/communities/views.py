"""Guidelines (public page for members, versions for administrators) and join settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from passerelle.communities import forms, services
from passerelle.communities.guidelines_templates import TEMPLATES
from passerelle.communities.models import Guidelines, IntakeQuestion, ServiceText
from passerelle.communities.models import _pick as pick
from passerelle.communities.texts import EDITABLE, LANGUAGE_NAMES
from passerelle.communities.texts import TEXTS as COMMUNITY_TEXTS
from passerelle.orgs.models import Service
from passerelle.orgs.selectors import role_for


def guidelines_public(request, slug, version=None):
    """The guidelines a member accepted (or the current ones), in their language; no login."""
    service = Service.objects.filter(slug=slug).first()
    if service is None:
        raise Http404("No such service")
    versions = Guidelines.objects.filter(service=service)
    guidelines = (
        (versions.filter(version=version) if version else versions).order_by("-version").first()
    )
    if guidelines is None:
        raise Http404("No guidelines")
    languages = list(dict.fromkeys(service.languages or ["en"]))
    asked = request.GET.get("lang") or (get_language() or "")[:2]
    language = asked if asked in languages else service.default_language
    # The whole page (its <html lang dir>, headings, dates) in the text's language, whatever
    # the browser asked for: a member opens it from a link in their own language.
    with translation.override(language):
        return _guidelines_page(request, service, guidelines, language, languages)


def _guidelines_page(request, service, guidelines, language, languages):
    return render(
        request,
        "communities/guidelines_public.html",
        {
            "service": service,
            "guidelines": guidelines,
            "language": language,
            "rtl": language in ("ar", "fa", "ur", "he"),
            "text": guidelines.text_for(language),
            "clauses": [
                (pick(c.get("title"), language), pick(c.get("text"), language))
                for c in guidelines.clauses
            ],
            "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in languages],
        },
    )


def _perform(request, call, done):
    try:
        call()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


@login_required
def guidelines_manage(request, slug):
    role = role_for(request.user, slug, "configure")
    service = role.service
    languages = list(dict.fromkeys(service.languages or ["en"]))
    current = services.guidelines_current(service)
    intro = forms.IntroForm(languages=languages, initial_texts=current.texts if current else None)
    clauses = forms.ClauseFormSet(
        initial=forms.clause_initial(current, languages), form_kwargs={"languages": languages}
    )
    if request.method == "POST":
        if request.POST.get("action") == "template":
            template = request.POST.get("template", "")
            if _perform(
                request,
                lambda: services.guidelines_from_template(
                    service=service, template=template, actor=role.user
                ),
                _("A new version was published from the template."),
            ):
                return redirect("communities:guidelines", slug)
        else:
            intro = forms.IntroForm(request.POST, languages=languages)
            clauses = forms.ClauseFormSet(request.POST, form_kwargs={"languages": languages})
            if intro.is_valid() and clauses.is_valid():
                rows = [c for f in clauses.forms if (c := f.clause())]
                if _perform(
                    request,
                    lambda: services.guidelines_publish_checked(
                        role=role, texts=intro.texts(), clauses=rows
                    ),
                    _("A new version of the guidelines was published."),
                ):
                    return redirect("communities:guidelines", slug)
    return render(
        request,
        "communities/guidelines_manage.html",
        {
            "role": role,
            "current": current,
            "intro_form": intro,
            "clause_formset": clauses,
            "templates": list(TEMPLATES),
            "versions": service.guidelines.order_by("-version").select_related("created_by"),
            "languages": languages,
        },
    )


def _text_forms(service, languages, data=None, only=None):
    rows = {t.key: t.texts for t in ServiceText.objects.filter(service=service)}
    defaults = COMMUNITY_TEXTS
    result = []
    for key in EDITABLE:
        if only and key != only:
            continue
        form = forms.ServiceTextForm(
            data, key=key, languages=languages, initial_texts=rows.get(key), prefix=key
        )
        form.default = defaults[key]
        result.append(form)
    return result


@login_required
def join_settings(request, slug):
    role = role_for(request.user, slug, "configure")
    service = role.service
    languages = list(dict.fromkeys(service.languages or ["en"]))
    policy_form = forms.PolicyForm(instance=services.policy_for(service))
    new_question = forms.QuestionForm(languages=languages, prefix="new")
    purpose_form = forms.PurposeForm(languages=languages, initial_texts=service.purpose)
    mode_form = forms.ModeForm(initial={"mode": service.mode})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "policy":
            policy_form = forms.PolicyForm(request.POST, instance=services.policy_for(service))
            if policy_form.is_valid() and _perform(
                request,
                lambda: services.policy_update(role=role, **policy_form.cleaned_data),
                _("Join settings saved."),
            ):
                return redirect("communities:join_settings", slug)
        elif action == "defaults":
            services.intake_questions_add_defaults(service=service)
            messages.success(request, _("The usual questions were added."))
            return redirect("communities:join_settings", slug)
        elif action == "question":
            question_id = request.POST.get("question")
            instance = (
                IntakeQuestion.objects.filter(service=service, pk=question_id).first()
                if question_id
                else IntakeQuestion(service=service, org_id=service.org_id)
            )
            if instance is None:
                raise Http404("No such question")
            form = forms.QuestionForm(
                request.POST,
                instance=instance,
                languages=languages,
                prefix=f"q{question_id}" if question_id else "new",
            )
            if form.is_valid() and _perform(
                request,
                lambda: services.intake_question_save(role=role, question=form.instance),
                _("Question saved."),
            ):
                return redirect("communities:join_settings", slug)
            if not question_id:
                new_question = form
            else:
                messages.error(
                    request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
                )
        elif action == "purpose":
            purpose_form = forms.PurposeForm(request.POST, languages=languages)
            if purpose_form.is_valid() and _perform(
                request,
                lambda: services.service_purpose_set(role=role, texts=purpose_form.purpose),
                _("Purpose saved."),
            ):
                return redirect("communities:join_settings", slug)
        elif action == "mode":
            mode_form = forms.ModeForm(request.POST)
            if mode_form.is_valid() and _perform(
                request,
                lambda: services.service_mode_set(role=role, mode=mode_form.cleaned_data["mode"]),
                _("Mode saved."),
            ):
                return redirect("communities:join_settings", slug)
        elif action == "text":
            key = request.POST.get("key", "")
            found = _text_forms(service, languages, request.POST, only=key)
            if (
                found
                and found[0].is_valid()
                and _perform(
                    request,
                    lambda: services.service_text_set(role=role, key=key, texts=found[0].texts()),
                    _("Text saved."),
                )
            ):
                return redirect("communities:join_settings", slug)
    questions = [
        (q, forms.QuestionForm(instance=q, languages=languages, prefix=f"q{q.pk}"))
        for q in service.intake_questions.all()
    ]
    return render(
        request,
        "communities/join_settings.html",
        {
            "role": role,
            "policy_form": policy_form,
            "questions": questions,
            "new_question": new_question,
            "text_forms": _text_forms(service, languages),
            "purpose_form": purpose_form,
            "mode_form": mode_form,
            "languages": languages,
        },
    )
