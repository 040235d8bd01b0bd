"""The Planning page, the two checklists, the history of changes and their exports.

Reading needs "read_plan" (404 otherwise, as for another service); saving needs "plan".
Each document page is also its printable page (planning.css hides the rest for paper).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from passerelle.orgs.selectors import role_for
from passerelle.planning import export, platforms, readiness, selectors, services, state
from passerelle.planning.forms import PlatformForm, ReadinessForm
from passerelle.planning.models import ChecklistVersion
from passerelle.reports.selectors import today_in

READ, EDIT = selectors.READ, services.EDIT


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _version_id(request):
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() else None


def _xlsx_url(name, slug, version_id):
    """The export of the version shown (the latest without one)."""
    url = reverse(name, args=[slug])
    return f"{url}?version={version_id}" if version_id else url


@login_required
@require_safe
def home(request, slug):
    """The toolkit's planning tools of the service, each with where it stands."""
    role = role_for(request.user, slug, READ)
    today = today_in(role.service)
    tools = [
        ("planning:readiness", _("Readiness checklist"), state.readiness_standing(role)),
        ("planning:platforms", _("Platform-choice checklist"), state.platform_standing(role)),
        ("planning:policies", _("Policies"), state.policies_standing(role)),
        ("planning:risks", _("Risk register"), state.risks_standing(role, today)),
        (
            "planning:maturity",
            _("Digital maturity self-assessment"),
            state.maturity_standing(role, today),
        ),
    ]
    return render(
        request,
        "planning/home.html",
        {
            "role": role,
            "tools": tools,
            "can_edit": role.can(EDIT),
            "can_read_evaluation": role.can("read_reports"),
            "events": selectors.events_for(role, limit=10),
        },
    )


def _readiness_context(role, version):
    data = version.data if version else {}
    labels = dict(readiness.ANSWERS)
    chosen = set(data.get("purposes", []))
    return {
        "role": role,
        "version": version,
        "rows": [
            (text, answer, labels.get(answer, ""), explanation)
            for _k, text, answer, explanation in readiness.answers_of(data)
        ],
        "purposes": [(name, key in chosen) for key, name in readiness.PURPOSES],
        "purpose_other": data.get("purpose_other", ""),
        "stop": readiness.must_stop(data),
        "stop_text": readiness.STOP_AND_PLAN,
        "intro": readiness.INTRO,
    }


@login_required
@require_safe
def readiness_page(request, slug):
    role = role_for(request.user, slug, READ)
    kind = ChecklistVersion.Kind.READINESS
    version = selectors.checklist_version(role, kind, _version_id(request))
    return render(
        request,
        "planning/readiness.html",
        {
            **_readiness_context(role, version),
            "versions": selectors.checklist_versions(role, kind),
            "can_edit": role.can(EDIT),
            "xlsx_url": _xlsx_url("planning:readiness_xlsx", slug, _version_id(request)),
        },
    )


@login_required
def readiness_edit(request, slug):
    role = role_for(request.user, slug, EDIT)
    current = selectors.checklist_version(role, ChecklistVersion.Kind.READINESS)
    initial = ReadinessForm.initial_from(current.data if current else {})
    form = ReadinessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_save(role=role, **form.to_service())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Readiness checklist saved."))
            return redirect("planning:readiness", slug)
    return render(
        request,
        "planning/readiness_form.html",
        {
            "role": role,
            "form": form,
            "stop_text": readiness.STOP_AND_PLAN,
            "intro": readiness.INTRO,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def readiness_xlsx(request, slug):
    role = role_for(request.user, slug, READ)
    version = selectors.checklist_version(
        role, ChecklistVersion.Kind.READINESS, _version_id(request)
    )
    return download(
        export.readiness_xlsx(role.service, version), f"{slug}-readiness-checklist.xlsx"
    )


def _platform_rows(role, version):
    data = version.data if version else {}
    ratings = data.get("ratings", {})
    labels = dict(platforms.RATINGS)
    order = platforms.ordered_platforms(selectors.connected_types(role))
    rows = [
        (
            text,
            ratings.get(key, ""),
            labels.get(ratings.get(key, ""), ""),
            platforms.offers_for(key, order),
        )
        for key, text in platforms.FACTORS
    ]
    own = [(o["factor"], o["rating"], labels.get(o["rating"], "")) for o in data.get("own", [])]
    return order, rows, own


@login_required
@require_safe
def platforms_page(request, slug):
    role = role_for(request.user, slug, READ)
    kind = ChecklistVersion.Kind.PLATFORM
    version = selectors.checklist_version(role, kind, _version_id(request))
    order, rows, own = _platform_rows(role, version)
    return render(
        request,
        "planning/platforms.html",
        {
            "role": role,
            "version": version,
            "versions": selectors.checklist_versions(role, kind),
            "platforms": order,
            "rows": rows,
            "own": own,
            "key_criterion": platforms.KEY_CRITERION,
            "can_edit": role.can(EDIT),
            "xlsx_url": _xlsx_url("planning:platforms_xlsx", slug, _version_id(request)),
        },
    )


@login_required
def platforms_edit(request, slug):
    role = role_for(request.user, slug, EDIT)
    current = selectors.checklist_version(role, ChecklistVersion.Kind.PLATFORM)
    data = current.data if current else {}
    form = PlatformForm(
        request.POST or None,
        initial=PlatformForm.initial_from(data),
        own_count=len(data.get("own", [])),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.platform_checklist_save(role=role, **form.to_service())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Platform-choice checklist saved."))
            return redirect("planning:platforms", slug)
    return render(
        request,
        "planning/platforms_form.html",
        {"role": role, "form": form, "key_criterion": platforms.KEY_CRITERION},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def platforms_xlsx(request, slug):
    role = role_for(request.user, slug, READ)
    version = selectors.checklist_version(
        role, ChecklistVersion.Kind.PLATFORM, _version_id(request)
    )
    content = export.platform_xlsx(role.service, version, selectors.connected_types(role))
    return download(content, f"{slug}-platform-checklist.xlsx")
