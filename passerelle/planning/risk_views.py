"""The risk register: the rows, adding, changing and deleting one (after confirming)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.text import pick_text
from passerelle.orgs.selectors import role_for
from passerelle.planning import export, selectors, services
from passerelle.planning.forms import RiskForm
from passerelle.planning.risks import RATING_LABELS, RULE
from passerelle.planning.views import download
from passerelle.reports.selectors import today_in

READ, EDIT = selectors.READ, services.EDIT


def _rows(role, language):
    default = role.service.default_language
    return [
        (
            r,
            pick_text(r.risk, language, default),
            pick_text(r.mitigation, language, default),
            RATING_LABELS[r.rating],
        )
        for r in selectors.risks_for(role)
    ]


@login_required
@require_safe
def register_page(request, slug):
    role = role_for(request.user, slug, READ)
    # Services created before the register existed start it on first sight (idempotent).
    if not selectors.register_started(role):
        services.risk_register_start(service=role.service)
    today = today_in(role.service)
    return render(
        request,
        "planning/risks.html",
        {
            "role": role,
            "rows": _rows(role, request.LANGUAGE_CODE),
            "today": today,
            "overdue": selectors.overdue_reviews(role, today),
            "rule": RULE,
            "can_edit": role.can(EDIT),
        },
    )


@login_required
def risk_edit(request, slug, risk_id=None):
    role = role_for(request.user, slug, EDIT)
    risk = selectors.risk_get(role, risk_id) if risk_id else None
    initial = RiskForm.initial_from(risk) if risk else {"likelihood": 2, "impact": 2}
    form = RiskForm(
        request.POST or None,
        initial=initial,
        languages=role.service.languages,
        staff=selectors.staff_of(role),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if risk is None:
                services.risk_add(role=role, **form.to_service())
            else:
                services.risk_update(role=role, row=risk, **form.to_service())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Risk saved."))
            return redirect("planning:risks", slug)
    return render(
        request,
        "planning/risk_form.html",
        {"role": role, "form": form, "risk": risk, "rule": RULE},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def risk_delete(request, slug, risk_id):
    role = role_for(request.user, slug, EDIT)
    risk = selectors.risk_get(role, risk_id)
    if not confirmed(request):
        text = pick_text(risk.risk, request.LANGUAGE_CODE, role.service.default_language)
        return confirm_page(
            request,
            question=_("Delete this risk from the register?"),
            detail=str(text),
            button=_("Yes, delete"),
            cancel_url=reverse("planning:risks", args=[slug]),
        )
    services.risk_delete(role=role, row=risk)
    messages.success(request, _("Risk deleted."))
    return redirect("planning:risks", slug)


@login_required
@require_safe
def risks_xlsx(request, slug):
    role = role_for(request.user, slug, READ)
    content = export.risks_xlsx(role.service, selectors.risks_for(role))
    return download(content, f"{slug}-risk-register.xlsx")
