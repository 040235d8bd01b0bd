"""`passerelle faq import|export|suggest|embed`: a service's FAQ at the command line.

For the operator of an installation (who can read the database anyway): no staff role is
asked, as `passerelle report` and `passerelle import`. See docs/nlp.md "The faq command".
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passerelle.faq import transfer
from passerelle.faq.embedding import service_embed_all
from passerelle.faq.selectors import OperatorScope, faq_suggestions_many
from passerelle.orgs.models import Service


def _format_of(path: str, given: str | None) -> str:
    if given:
        return given
    return "json" if path.lower().endswith(".json") else "csv"


class Command(BaseCommand):
    help = "Import, export or query a service's FAQ (docs/nlp.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create or update entries from a CSV or JSON file")
        imp.add_argument("file")
        imp.add_argument("--format", choices=["csv", "json"], help="default: by the file name")
        imp.add_argument("--dry-run", action="store_true", help="check and say, write nothing")
        exp = sub.add_parser("export", help="one row per entry and language")
        exp.add_argument("--format", choices=["csv", "json"], default="csv")
        exp.add_argument("--out", help="file to write (default: standard output)")
        sug = sub.add_parser("suggest", help="the entries suggested for a question, ranked")
        sug.add_argument("--text", required=True)
        sug.add_argument("--language", default="", help="the member's language (answer text)")
        sug.add_argument("--top", type=int, default=3)
        sug.add_argument("--format", choices=["json", "text"], default="json")
        sub.add_parser("embed", help="make the vectors of entries that have none")
        for each in (imp, exp, sug, sub.choices["embed"]):
            each.add_argument("--service", required=True, help="service slug")

    def handle(self, *args, action, **opts):
        service = Service.objects.select_related("org").filter(slug=opts["service"]).first()
        if service is None:
            raise CommandError(f"no service with slug {opts['service']!r}")
        getattr(self, f"_{action}")(service, opts)

    def _import(self, service, opts):
        path = Path(opts["file"])
        try:
            data = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            rows = transfer.read_rows(data, _format_of(str(path), opts["format"]))
            summary = transfer.faq_import(service, rows, dry_run=opts["dry_run"])
        except transfer.ImportError_ as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(exc.problems)} problem(s) in {path}: nothing imported"
            ) from exc
        for name in ("created", "updated"):
            for item in getattr(summary, name):
                title = item.entry.title
                self.stdout.write(f"{name[:-1] if summary.dry_run else name}: {item.key} {title}")
        self.stdout.write(summary.text())

    def _export(self, service, opts):
        text = transfer.export_text(service, opts["format"])
        if opts.get("out"):
            try:
                Path(opts["out"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {opts['out']}: {exc}") from exc
            self.stderr.write(f"FAQ of {service.slug} → {opts['out']}")
        else:
            self.stdout.write(text, ending="")

    def _suggest(self, service, opts):
        if opts["top"] < 1 or opts["top"] > 20:
            raise CommandError("--top is between 1 and 20")
        scope = OperatorScope(service)
        language = opts["language"] or service.default_language
        [(fresh, stale)] = faq_suggestions_many(
            scope, [(opts["text"], language)], limit=opts["top"]
        )
        found = [
            {"rank": s.rank, "id": s.entry.pk, "title": s.entry.title, "language": s.language}
            for s in fresh
        ]
        overdue = [{"id": s.entry.pk, "title": s.entry.title} for s in stale]
        if opts["format"] == "json":
            result = {"suggestions": found, "review_overdue": overdue}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for item in found:
            self.stdout.write(f"{item['rank']}. {item['id']} {item['title']}")
        for item in overdue:
            self.stdout.write(f"(review overdue) {item['id']} {item['title']}")
        if not found and not overdue:
            self.stdout.write("no suggestion", self.style.WARNING)

    def _embed(self, service, opts):
        if not service.assistance_on("faq"):
            raise CommandError(f"suggested answers are turned off for {service.slug}")
        self.stdout.write(f"{service_embed_all(service)} vector(s) written")
