"""A report as a file: the same bytes whether the CLI, a page or a worker asks."""

from __future__ import annotations

import json

from django.utils import translation

from passerelle.reports import export
from passerelle.reports.periods import PeriodError, parse_day, split
from passerelle.reports.selectors import tables_for, threshold_for


def build(*, services: list, options: dict, progress=None) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of a report, the same for the CLI, UI and tasks.

    options: report, from, to, by, format — the CLI's options; progress(done, total) is
    called after each service's tables are computed.
    """
    # A worker has no request: the file is written in the language of whoever asked for it.
    with translation.override(options.get("language") or None):
        return _build(services, options, progress)


def _build(services, options, progress):
    report, fmt = options["report"], options["format"]
    if fmt not in export.FORMATS:
        raise PeriodError(f"unknown format {fmt!r}: use one of {', '.join(export.FORMATS)}")
    periods = split(
        parse_day(options["from"], "from"), parse_day(options["to"], "to"), options["by"]
    )
    sections = []
    for done, service in enumerate(services, start=1):
        tables = tables_for(service, report, periods)
        sections.append(export.Section(service, tables, threshold_for(service)))
        if progress:
            progress(done, len(services) + 1)
    if fmt == "json":
        content = json.dumps(export.as_dict(report, sections), ensure_ascii=False, indent=1)
        body = content.encode("utf-8")
    elif fmt == "csv":
        body = export.to_csv(sections)
    else:
        body = export.to_xlsx(sections)
    return export.filename(report, sections, periods, fmt), export.FORMATS[fmt], body
