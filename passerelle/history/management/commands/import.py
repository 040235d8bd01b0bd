"""`passerelle import whatsapp|telegram FILE --service SLUG`: a group's history (docs/import.md).

For the operator of an installation: no staff role is asked. Progress goes to stderr,
the summary to stdout; a line that cannot be read is listed, never a reason to stop.
"""

import time
import zoneinfo
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelle.history import archive, telegram, whatsapp
from passerelle.history.records import ExportError
from passerelle.history.services import history_import
from passerelle.orgs.models import Service

LISTED_PROBLEMS = 20
PROGRESS_EVERY = 5000


class Command(BaseCommand):
    help = "Import the history of an existing WhatsApp or Telegram group into a service."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="source", required=True)
        wa = sub.add_parser("whatsapp", help="a WhatsApp 'Export chat' .txt or .zip")
        tg = sub.add_parser("telegram", help="a Telegram Desktop result.json (or a .zip of it)")
        for each in (wa, tg):
            each.add_argument("file", help="the export file")
            each.add_argument("--service", required=True, help="service slug")
            each.add_argument("--timezone", help="the export's time zone (default: the service's)")
        wa.add_argument(
            "--date-order",
            choices=whatsapp.DATE_ORDERS,
            help="day/month order of the dates, when the file cannot tell",
        )
        tg.add_argument("--chat", help="the chat's name or id, when the export holds several")

    def handle(self, *args, source, **opts):
        service = Service.objects.select_related("org").filter(slug=opts["service"]).first()
        if service is None:
            raise CommandError(f"no service with slug {opts['service']!r}")
        try:
            tz = zoneinfo.ZoneInfo(opts["timezone"] or service.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise CommandError(f"unknown time zone {opts['timezone']!r}") from exc
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            export = self._read(source, path, tz, opts)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        started = time.monotonic()
        summary = history_import(
            service=service, records=export.records, source=source, progress=self._progress
        )
        summary.media_files = export.media_files
        summary.skipped = sorted(
            export.problems + summary.skipped, key=lambda p: (p.line, p.message_id)
        )
        self._summary(service, export, summary, time.monotonic() - started)

    def _read(self, source, path, tz, opts):
        if source == "whatsapp":
            media = 0
            if archive.is_zip(path):
                data, media = archive.export_member(path, suffix=".txt", preferred=("_chat.txt",))
            else:
                data = path.read_bytes()
            export = whatsapp.read(archive.decoded(data), tz=tz, date_order=opts["date_order"])
            export.media_files = media
            return export
        if archive.is_zip(path):
            data, media = archive.export_member(path, suffix="result.json")
        else:
            data, media = path.read_bytes(), 0
        export = telegram.read(data, tz=tz, chat=opts["chat"])
        export.media_files = media
        return export

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % PROGRESS_EVERY < 2000:
            self.stderr.write(f"{done} / {total} records")

    def _summary(self, service, export, summary, seconds: float) -> None:
        out = self.stdout.write
        order = f", dates {export.date_order}" if export.date_order else ""
        out(self.style.SUCCESS(f"imported into {service.slug} in {seconds:.1f} s{order}"))
        out(f"records read:       {summary.records}")
        out(f"messages added:     {summary.messages} ({summary.messages_known} already there)")
        out(f"members added:      {summary.members}")
        out(f"memberships added:  {summary.memberships}")
        out(f"membership events:  {summary.events} ({summary.events_known} already there)")
        out(f"other system lines: {summary.system_lines} (not counted)")
        if summary.media_files:
            out(f"media files:        {summary.media_files} (counted, not imported)")
        out(f"skipped:            {len(summary.skipped)}")
        for problem in summary.skipped[:LISTED_PROBLEMS]:
            out(f"  {problem}")
        if len(summary.skipped) > LISTED_PROBLEMS:
            out(f"  … and {len(summary.skipped) - LISTED_PROBLEMS} more")
