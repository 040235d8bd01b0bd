"""The service's policies: each in each of its languages, every save a new version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passerelle.orgs.selectors import role_for
from passerelle.planning import export, selectors, services
from passerelle.planning.forms import PolicyForm
from passerelle.planning.policy_templates import kinds_for, template_text
from passerelle.planning.views import download

READ, EDIT = selectors.READ, services.EDIT


def _languages(role):
    return role.service.languages or ["en"]


def _policy(role, kind, language):
    """The policy's name, or 404 for a policy or a language the service does not have."""
    names = dict(kinds_for(role.service))
    if kind not in names or language not in _languages(role):
        raise Http404("No such policy")
    return names[kind]


@login_required
@require_safe
def policies_page(request, slug):
    """Every policy in every language: the latest version, or the template not yet adopted."""
    role = role_for(request.user, slug, READ)
    latest = selectors.policies_latest(role)
    policies = [
        (
            kind,
            name,
            [
                (lang, latest.get((kind, lang)), template_text(kind, lang))
                for lang in _languages(role)
            ],
        )
        for kind, name in kinds_for(role.service)
    ]
    return render(
        request,
        "planning/policies.html",
        {"role": role, "policies": policies, "can_edit": role.can(EDIT)},
    )


@login_required
def policy_edit(request, slug, kind, language):
    role = role_for(request.user, slug, EDIT)
    name = _policy(role, kind, language)
    versions = selectors.policy_versions(role, kind, language)
    text = versions[0].text if versions else template_text(kind, language)
    form = PolicyForm(request.POST or None, initial={"text": text})
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                role=role, kind=kind, language=language, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Policy saved as a new version."))
            return redirect("planning:policies", slug)
    return render(
        request,
        "planning/policy_form.html",
        {
            "role": role,
            "form": form,
            "name": name,
            "language": language,
            "from_template": not versions,
            "kind": kind,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def policy_history(request, slug, kind, language):
    role = role_for(request.user, slug, READ)
    name = _policy(role, kind, language)
    return render(
        request,
        "planning/policy_history.html",
        {
            "role": role,
            "name": name,
            "language": language,
            "versions": selectors.policy_versions(role, kind, language),
        },
    )


@login_required
@require_safe
def policies_xlsx(request, slug):
    role = role_for(request.user, slug, READ)
    content = export.policies_xlsx(
        role.service, kinds_for(role.service), selectors.policies_latest(role)
    )
    return download(content, f"{slug}-policies.xlsx")
