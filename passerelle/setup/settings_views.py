"""Service settings: one page for what the wizard asked, and links to the pages that
keep the rest (service standard, join settings, guidelines, channels, sign-in, staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.communities import services as community_services
from passerelle.communities.forms import ModeForm, PurposeForm
from passerelle.orgs import services
from passerelle.orgs.models import ASSISTANCE_PARTS
from passerelle.orgs.selectors import role_for
from passerelle.setup import forms


def _forms(service, data=None, action=""):
    def bound(name):
        return data if action == name else None

    languages = list(dict.fromkeys(service.languages or ["en"]))
    return {
        "general_form": forms.GeneralForm(
            bound("general"),
            languages=service.languages,
            initial={
                "name": service.name,
                "audience": service.audience,
                "timezone": service.timezone,
            },
        ),
        "purpose_form": PurposeForm(
            bound("purpose"), languages=languages, initial_texts=service.purpose
        ),
        "planning_form": forms.PlanningForm(bound("planning"), initial=service.planning_answers),
        "mode_form": ModeForm(bound("mode"), initial={"mode": service.mode}),
        "volunteers_form": forms.VolunteersForm(
            bound("volunteers"), initial={"volunteers_see_private": service.volunteers_see_private}
        ),
        "assistance_form": forms.AssistanceForm(
            bound("assistance"),
            initial={part: service.assistance_on(part) for part in ASSISTANCE_PARTS},
        ),
    }


def _save(role, action, form):
    data = form.cleaned_data
    if action == "general":
        services.service_general_set(
            role=role,
            name=data["name"],
            audience=data["audience"],
            languages=data["languages"],
            timezone_name=data["timezone"],
        )
    elif action == "purpose":
        community_services.service_purpose_set(role=role, texts=form.purpose)
    elif action == "planning":
        services.service_planning_set(role=role, answers=data)
    elif action == "mode":
        community_services.service_mode_set(role=role, mode=data["mode"])
    elif action == "volunteers":
        services.service_volunteers_set(role=role, allowed=data["volunteers_see_private"])
    elif action == "assistance":
        # A disabled box (a part not available here) keeps what is stored.
        parts = {name: data[name] for name, field in form.fields.items() if not field.disabled}
        services.service_assistance_set(role=role, parts=parts)


@login_required
def service_settings(request, slug):
    role = role_for(request.user, slug, "configure")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    page_forms = _forms(role.service, request.POST or None, action)
    form = page_forms.get(f"{action}_form")
    if form is not None and form.is_valid():
        try:
            _save(role, action, form)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Settings saved."))
            return redirect("setup:settings", slug)
    return render(
        request,
        "setup/settings.html",
        {"role": role, "service": role.service, **page_forms},
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def service_archive(request, slug):
    role = role_for(request.user, slug, "configure")
    here = reverse("setup:settings", args=[slug])
    if request.method != "POST":
        return redirect(here)
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Archive %(name)s? Nothing more can be posted, replied or sent from it.")
            % {"name": role.service.name},
            button=_("Archive the service"),
            cancel_url=here,
        )
    services.service_archive(role=role)
    messages.success(request, _("The service is archived. Its history and statistics are kept."))
    return redirect(here)
