"""`passerelle report usage|activity|…`: a report as CSV, XLSX or JSON at the command line.

For the operator of an installation (who can read the database anyway): no staff role is
asked. The files are the ones the pages download, byte for byte the same numbers.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelle.orgs.models import Service
from passerelle.reports.build import build
from passerelle.reports.export import FORMATS
from passerelle.reports.periods import BY, PeriodError
from passerelle.reports.selectors import REPORTS


class Command(BaseCommand):
    help = "Write a report (docs/reports.md) for one service or several side by side."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        for name in REPORTS:
            each = sub.add_parser(name, help=f"the {name.replace('_', ' ')} report")
            each.add_argument(
                "--service", action="append", required=True, help="service slug (repeatable)"
            )
            each.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
            each.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
            each.add_argument("--by", choices=BY, default="month", help="one column per …")
            each.add_argument("--format", choices=list(FORMATS), default="csv")
            each.add_argument("--output", help="file to write (default: standard output)")
            each.add_argument("--language", default="en", help="en, fr or ar (labels only)")

    def handle(self, *args, report, **opts):
        services = []
        for slug in opts["service"]:
            service = Service.objects.filter(slug=slug).first()
            if service is None:
                raise CommandError(f"no service with slug {slug!r}")
            services.append(service)
        options = {
            "report": report,
            "from": opts["start"],
            "to": opts["end"],
            "by": opts["by"],
            "format": opts["format"],
            "language": opts["language"],
        }
        try:
            _name, _type, body = build(services=services, options=options)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        output = opts.get("output")
        if output:
            try:
                Path(output).write_bytes(body)
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc}") from exc
            self.stderr.write(f"{report} report of {', '.join(opts['service'])} → {output}")
        elif opts["format"] == "xlsx" and self.stdout.isatty():
            raise CommandError("an XLSX file is binary: give --output FILE")
        else:
            stream = getattr(self.stdout, "_out", sys.stdout)
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                buffer.write(body)
                buffer.flush()
            else:  # a text stream (call_command in tests): text formats only
                stream.write(body.decode("utf-8"))
