"""The framework page, the evaluation plan, the history of changes, print and exports.

Reading needs "read_reports" (404 otherwise, as for another service); every write is a
POST that calls one service. The edit forms are in edit_views.py.
"""

from __future__ import annotations

import copy
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelle.evaluation import display, example, export, selectors, services
from passerelle.evaluation.forms import PeriodForm, PlanForm
from passerelle.evaluation.models import EvaluationPlan, Framework, Level
from passerelle.evaluation.overview import overview_for
from passerelle.orgs.selectors import role_for
from passerelle.reports.selectors import today_in


def _levels(overview):
    """(level, its name, what it means, its statements) in the chain's order."""
    meaning = example.level_help()
    return [
        (level, label, meaning[level], overview.levels[level]) for level, label in Level.choices
    ]


def _overview(request, role):
    today = today_in(role.service)
    picker = PeriodForm(request.GET, today=today)
    periods = picker.periods()
    return picker, overview_for(role, periods, today=today)


@login_required
@require_safe
def framework_page(request, slug):
    """The logic model, the measurement framework and each indicator against its target."""
    role = role_for(request.user, slug, "read_reports")
    picker, overview = _overview(request, role)
    return render(
        request,
        "evaluation/framework.html",
        {
            "role": role,
            "o": overview,
            "picker": picker,
            "query": picker.query(),
            "levels": _levels(overview),
            "can_edit": role.can("configure"),
            "can_record": role.can("record_indicators"),
            "starts": Framework.Start,
        },
    )


@login_required
@require_POST
def framework_start(request, slug):
    role = role_for(request.user, slug, "configure")
    from_example = request.POST.get("from") == Framework.Start.TOOLKIT
    try:
        services.framework_start(
            role=role, from_example=from_example, language=translation.get_language()
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The framework starts from the toolkit's example: make it yours.")
            if from_example
            else _("An empty framework is ready."),
        )
    return redirect("evaluation:framework", slug)


def _plan_context(role):
    plan = selectors.plan_for(role)
    today = today_in(role.service)
    launched = role.service.created_at.astimezone(role.service.tz).date()
    rows = [
        (name, EvaluationPlan._meta.get_field(name).verbose_name, getattr(plan, name))
        for name in services.PLAN_FIELDS
        if name != "next_evaluation_on"
    ]
    return {
        "role": role,
        "plan": plan,
        "rows": rows,
        "today": today,
        # The toolkit: a full evaluation after six months to a year of service.
        "window": (launched + timedelta(days=182), launched + timedelta(days=365)),
        "plan_overdue": bool(plan.next_evaluation_on and plan.next_evaluation_on < today),
    }


@login_required
@require_safe
def plan_page(request, slug):
    role = role_for(request.user, slug, "read_reports")
    return render(
        request,
        "evaluation/plan.html",
        {**_plan_context(role), "can_edit": role.can("configure")},
    )


@login_required
def plan_edit(request, slug):
    role = role_for(request.user, slug, "configure")
    plan = selectors.plan_for(role)
    form = PlanForm(request.POST or None, instance=copy.copy(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(role=role, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Evaluation plan saved."))
            return redirect("evaluation:plan", slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluation/plan_form.html", {"role": role, "form": form}, status=status)


@login_required
@require_safe
def history_page(request, slug):
    """Who changed what in the framework and the plan, and when."""
    role = role_for(request.user, slug, "read_reports")
    events = [(e, display.event_changes(e)) for e in selectors.events_for(role)]
    return render(request, "evaluation/history.html", {"role": role, "events": events})


@login_required
@require_safe
def print_page(request, slug):
    """Everything on one page for paper: the framework, every value, the plan."""
    role = role_for(request.user, slug, "read_reports")
    picker, overview = _overview(request, role)
    return render(
        request,
        "evaluation/print.html",
        {**_plan_context(role), "o": overview, "picker": picker, "levels": _levels(overview)},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_xlsx(request, slug):
    role = role_for(request.user, slug, "read_reports")
    _picker, overview = _overview(request, role)
    return _download(
        export.xlsx(overview),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        export.filename(overview, "xlsx"),
    )


@login_required
@require_safe
def export_csv(request, slug):
    role = role_for(request.user, slug, "read_reports")
    _picker, overview = _overview(request, role)
    return _download(
        export.csv_bytes(overview), "text/csv; charset=utf-8", export.filename(overview, "csv")
    )
