"""Report pages: the dashboard, each report with its period picker, downloads and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.orgs.selectors import role_for, roles_for
from passerelle.reports import dashboard as dash
from passerelle.reports import export, services
from passerelle.reports.build import build
from passerelle.reports.chart import line_chart
from passerelle.reports.definitions import definition
from passerelle.reports.forms import PeriodForm, default_span
from passerelle.reports.models import ReportExport
from passerelle.reports.selectors import (
    REPORTS,
    report_for,
    services_for,
    tables_for,
    threshold_for,
    today_in,
)

TITLES = {
    "usage": gettext_lazy("Usage statistics"),
    "activity": gettext_lazy("Monthly activity"),
    "standard": gettext_lazy("Service standard"),
    "busiest_times": gettext_lazy("Busiest times"),
    "referrals": gettext_lazy("Referrals"),
    "languages": gettext_lazy("Languages used"),
    "cases": gettext_lazy("Case management"),
}


def _role(request, slug):
    return role_for(request.user, slug, "read_reports")


@login_required
def dashboard(request, slug):
    role = _role(request, slug)
    context = dash.dashboard_context(role, timezone.now())
    return render(request, "reports/dashboard.html", {"role": role, **context})


def _others(roles, role):
    return [r.service for r in roles if r.can("read_reports") and r.pk != role.pk]


@login_required
def report(request, slug, name):
    role = _role(request, slug)
    if name not in REPORTS:
        raise Http404("No such report")
    start, end = default_span(today_in(role.service))
    data = request.GET if "start" in request.GET else {"start": start, "end": end, "by": "month"}
    roles = list(roles_for(request.user))
    others = _others(roles, role)
    form = PeriodForm(data, other_services=others)
    fmt = request.GET.get("format", "")
    if not form.is_valid():
        return render(
            request,
            "reports/report.html",
            {"role": role, "form": form, "name": name, "title": TITLES[name], "sections": []},
            status=400 if "start" in request.GET else 200,
        )
    periods = form.cleaned_data["periods"]
    compared = services_for(roles, form.cleaned_data.get("compare") or [])
    all_services = [role.service, *[s for s in compared if s.pk != role.service_id]]
    options = {
        "report": name,
        "from": periods[0].start.isoformat(),
        "to": periods[-1].end.isoformat(),
        "by": form.cleaned_data["by"],
        "format": fmt,
        "language": translation.get_language(),
    }
    if fmt in export.FORMATS:
        if len(periods) > services.DIRECT_MAX_COLUMNS or len(all_services) > 1:
            job = services.export_request(role=role, services=all_services, options=options)
            return redirect("reports:export", slug=slug, export_id=job.pk)
        filename, content_type, body = build(services=all_services, options=options)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    sections = [_section(role.service, report_for(role, name, periods))]
    # Compared services were checked by services_for: a role in each, reading reports.
    sections += [_section(s, tables_for(s, name, periods)) for s in all_services[1:]]
    return render(
        request,
        "reports/report.html",
        {
            "role": role,
            "form": form,
            "name": name,
            "title": TITLES[name],
            "sections": sections,
            "query": request.GET.urlencode(),
            "printing": request.GET.get("print") == "1",
            "formats": list(export.FORMATS),
        },
    )


def _section(service, tables):
    shown = []
    for index, table in enumerate(tables):
        rows = [(row, definition(table.key, row.key)) for row in table.rows]
        chart = ""
        if table.key == "activity":
            chart = line_chart(
                table, title=table.title, described_by=f"table-{service.slug}-{index}"
            )
        shown.append(
            {"table": table, "rows": rows, "chart": chart, "id": f"{service.slug}-{index}"}
        )
    return {"service": service, "tables": shown}


@login_required
def export_status(request, slug, export_id):
    role = _role(request, slug)
    job = get_object_or_404(
        ReportExport, pk=export_id, service=role.service, requested_by=request.user
    )
    template = (
        "reports/partials/_export.html"
        if request.headers.get("HX-Request")
        else ("reports/export.html")
    )
    return render(request, template, {"role": role, "job": job})


@login_required
def export_download(request, slug, export_id):
    role = _role(request, slug)
    job = get_object_or_404(
        ReportExport,
        pk=export_id,
        service=role.service,
        requested_by=request.user,
        state=ReportExport.State.DONE,
    )
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


@login_required
def settings_edit(request, slug):
    role = role_for(request.user, slug, "configure")
    if request.method == "POST":
        try:
            value = int(request.POST.get("small_number_threshold", ""))
            services.report_settings_save(role=role, small_number_threshold=value)
        except (ValueError, ValidationError) as exc:
            error = exc.messages[0] if isinstance(exc, ValidationError) else _("Enter a number.")
            messages.error(request, error)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Report settings saved."))
        return redirect("reports:settings", slug=slug)
    return render(
        request,
        "reports/settings.html",
        {"role": role, "threshold": threshold_for(role.service)},
    )
