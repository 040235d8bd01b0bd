"""A survey's results page and its CSV / XLSX download (read_reports)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from passerelle.orgs.selectors import role_for
from passerelle.reports import export
from passerelle.reports.selectors import threshold_for
from passerelle.reports.surveys import survey_result_tables
from passerelle.surveys.selectors import survey_get, survey_waves_with_results, wave_progress


@login_required
def survey_results(request, slug, survey_id):
    role = role_for(request.user, slug, "read_reports")
    survey = survey_get(role, survey_id)
    all_waves = list(survey_waves_with_results(survey))
    chosen = {w for w in request.GET.getlist("wave") if w.isdigit()}
    waves = [w for w in all_waves if str(w.pk) in chosen] or all_waves
    threshold = threshold_for(role.service)
    language = request.GET.get("lang", "")
    language = language if language in survey.languages else survey.languages[0]
    tables = survey_result_tables(survey, waves, threshold, language=language)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        sections = [export.Section(service=role.service, tables=tables, threshold=threshold)]
        body = export.to_csv(sections) if fmt == "csv" else export.to_xlsx(sections)
        day = timezone.localdate(timezone.now(), role.service.tz).isoformat()
        name = f"{role.service.slug}-survey-{slugify(survey.name) or survey.pk}-{day}.{fmt}"
        response = HttpResponse(body, content_type=export.FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    shown = [
        {
            "table": t,
            "rows": [(row, "") for row in t.rows],
            "id": f"q-{index}",
            "text": bool(t.extra.get("text")),
        }
        for index, t in enumerate(tables)
    ]
    return render(
        request,
        "reports/survey_results.html",
        {
            "role": role,
            "survey": survey,
            "waves": all_waves,
            "chosen": [w.pk for w in waves],
            "progress": [(w, wave_progress(w)) for w in waves],
            "tables": shown,
            "threshold": threshold,
            "language": language,
            "query": request.GET.urlencode(),
        },
    )
