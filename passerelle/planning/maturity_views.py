"""The organisation's digital maturity self-assessment, reached from any of its services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passerelle.orgs.selectors import role_for
from passerelle.planning import export, maturity, selectors, services
from passerelle.planning.forms import MaturityForm
from passerelle.planning.views import download

READ, EDIT = selectors.READ, services.EDIT


@login_required
@require_safe
def maturity_page(request, slug):
    """The latest assessment against the one before, and the history of all of them."""
    role = role_for(request.user, slug, READ)
    assessments = selectors.assessments_for(role)
    current = assessments[0] if assessments else None
    previous = assessments[1] if len(assessments) > 1 else None
    change = (
        maturity.compare(current.scores, previous.scores if previous else None) if current else {}
    )
    rows = [
        (
            name,
            current.scores.get(key) if current else None,
            maturity.LEVEL_NAMES.get(current.scores.get(key)) if current else "",
            change.get(key),
            current.notes.get(key, "") if current else "",
        )
        for key, name in maturity.DOMAINS
    ]
    history = [(a, [a.scores.get(key, "") for key in maturity.DOMAIN_KEYS]) for a in assessments]
    return render(
        request,
        "planning/maturity.html",
        {
            "role": role,
            "current": current,
            "previous": previous,
            "rows": rows,
            "levels": maturity.LEVELS,
            "domains": maturity.DOMAINS,
            "history": history,
            "can_edit": role.can(EDIT),
        },
    )


@login_required
def maturity_assess(request, slug):
    role = role_for(request.user, slug, EDIT)
    latest = selectors.assessments_for(role, limit=1)
    initial = {}
    if latest:
        initial = {f"level_{k}": v for k, v in latest[0].scores.items()}
        initial.update({f"notes_{k}": v for k, v in latest[0].notes.items()})
    form = MaturityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.maturity_assess(role=role, **form.to_service())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect("planning:maturity", slug)
    return render(
        request,
        "planning/maturity_form.html",
        {"role": role, "form": form, "levels": maturity.LEVELS},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def maturity_xlsx(request, slug):
    role = role_for(request.user, slug, READ)
    content = export.maturity_xlsx(role.org, selectors.assessments_for(role))
    return download(content, f"{role.org.slug}-digital-maturity.xlsx")
