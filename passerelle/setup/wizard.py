"""The new-service wizard: one step per page, the draft kept in the session, nothing
created before the last step (docs/setup.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.communities.texts import LANGUAGE_NAMES
from passerelle.orgs.models import Service
from passerelle.orgs.selectors import organisations_administered
from passerelle.questions.forms import PROVINCES
from passerelle.questions.models import ServiceStandard
from passerelle.setup import forms
from passerelle.setup.services import STANDARD_FIELDS, service_set_up

SESSION_KEY = "setup_draft"
STEPS = [
    ("service", gettext_lazy("Service and languages")),
    ("purpose", gettext_lazy("Purpose and audience")),
    ("place", gettext_lazy("Time zone, province and mode")),
    ("standard", gettext_lazy("Service standard")),
    ("guidelines", gettext_lazy("Guidelines")),
    ("review", gettext_lazy("Review and create")),
]
_KEYS = [key for key, _title in STEPS]


def _orgs(request) -> list:
    orgs = list(organisations_administered(request.user))
    if not orgs:
        raise PermissionDenied(_("Only the organisation's administrators set up services."))
    return orgs


def _form(key, draft, orgs, data=None):
    """The step's form, bound to what was posted, else to what the draft holds."""
    if data is None:
        data = draft.get(key)
    if key == "service":
        return forms.ServiceStepForm(data, orgs=orgs)
    if key == "purpose":
        return forms.PurposeStepForm(data, languages=_languages(draft, orgs))
    if key == "place":
        return forms.PlaceStepForm(data)
    if key == "standard":
        return forms.StandardStepForm(data, instance=ServiceStandard())
    if key == "guidelines":
        mode = (draft.get("place") or {}).get("mode")
        initial = {"template": "case_management" if mode == "one_to_one" else "interactive"}
        return forms.GuidelinesStepForm(data, initial=initial)
    return forms.ReviewStepForm(data)


def _languages(draft, orgs) -> list[str]:
    first = _form("service", draft, orgs)
    return first.cleaned_data["languages"] if first.is_valid() else ["en"]


def _kept(post) -> dict:
    return {k: v for k, v in post.items() if k not in ("csrfmiddlewaretoken", "back")}


@login_required
def wizard(request, number=1):
    orgs = _orgs(request)
    if not 1 <= number <= len(STEPS):
        raise Http404("No such step")
    draft = request.session.get(SESSION_KEY, {})
    # A step is reached only once the ones before it were filled in.
    for earlier in range(number - 1):
        if _KEYS[earlier] not in draft:
            return redirect("setup:wizard", earlier + 1)
    key = _KEYS[number - 1]
    if request.method == "POST" and "back" in request.POST:
        return redirect("setup:wizard", max(number - 1, 1))
    if request.method == "POST" and key == "review":
        return _create(request, draft, orgs)
    form = _form(key, draft, orgs, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        draft[key] = _kept(request.POST)
        request.session[SESSION_KEY] = draft
        return redirect("setup:wizard", number + 1)
    return render(
        request,
        "setup/wizard.html",
        {
            "form": form,
            "key": key,
            "number": number,
            "total": len(STEPS),
            "title": STEPS[number - 1][1],
            "steps": STEPS,
            "summary": _summary(draft, orgs) if key == "review" else None,
            "standard_form": key == "standard",
        },
        status=422 if request.method == "POST" else 200,
    )


def _valid_forms(draft, orgs):
    """Every step's form from the draft, or the number of the first step to fill again."""
    found = {}
    for number, key in enumerate(_KEYS[:-1], start=1):
        form = _form(key, draft, orgs)
        if not form.is_valid():
            return None, number
        found[key] = form
    return found, None


def _summary(draft, orgs) -> list[tuple[str, str]]:
    found, _missing = _valid_forms(draft, orgs)
    if found is None:
        return []
    service, purpose, place = found["service"], found["purpose"], found["place"]
    standard, guidelines = found["standard"], found["guidelines"]
    languages = service.cleaned_data["languages"]
    hours = standard.instance.opening_hours
    return [
        (_("Name"), service.cleaned_data["name"]),
        (_("Languages"), ", ".join(LANGUAGE_NAMES.get(c, c) for c in languages)),
        (_("Purpose"), purpose.cleaned_data["purpose"].get(languages[0], "")),
        (_("Time zone"), place.cleaned_data["timezone"]),
        (_("Province or territory"), dict(PROVINCES)[place.cleaned_data["subdivision"]]),
        (_("Mode"), Service.Mode(place.cleaned_data["mode"]).label),
        (
            _("Service standard"),
            _("%(hours)s hours, %(counting)s")
            % {
                "hours": standard.cleaned_data["target_hours"],
                "counting": ServiceStandard.Counting(standard.cleaned_data["counting"]).label,
            },
        ),
        (_("Open days"), str(len(hours))),
        (_("Guidelines"), dict(forms.GUIDELINES_CHOICES)[guidelines.cleaned_data["template"]]),
    ]


def _create(request, draft, orgs):
    found, missing = _valid_forms(draft, orgs)
    if found is None:
        messages.error(request, _("Please check this step again."))
        return redirect("setup:wizard", missing)
    service, purpose, place = found["service"], found["purpose"], found["place"]
    standard = found["standard"]
    values = {f: getattr(standard.instance, f) for f in STANDARD_FIELDS}
    values["subdivision"] = place.cleaned_data["subdivision"]
    org = next(o for o in orgs if str(o.pk) == service.cleaned_data["org"])
    try:
        role = service_set_up(
            actor=request.user,
            org=org,
            slug=service.cleaned_data["slug"],
            name=service.cleaned_data["name"],
            languages=service.cleaned_data["languages"],
            timezone_name=place.cleaned_data["timezone"],
            mode=place.cleaned_data["mode"],
            purpose=purpose.cleaned_data["purpose"],
            audience=purpose.cleaned_data["audience"],
            planning_answers=purpose.cleaned_data["planning_answers"],
            standard=values,
            guidelines_template=found["guidelines"].cleaned_data["template"],
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("setup:wizard", len(STEPS))
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request, _("%(name)s is set up. Connect its channels now.") % {"name": role.service.name}
    )
    return redirect("channels:settings", role.service.slug)
