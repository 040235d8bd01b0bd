from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from passerelle.communities.services import service_create
from passerelle.orgs.models import Organization, Service


class Command(BaseCommand):
    help = "Create or list services."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a service")
        create.add_argument("--slug", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--org", help="organization slug (created if missing)")
        create.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="a members' language; repeat for several, first is default",
        )
        create.add_argument("--timezone", default="America/Toronto")
        create.add_argument("--mode", choices=Service.Mode.values, default=Service.Mode.INTERACTIVE)
        create.add_argument("--purpose", default="", help="the purpose in the default language")
        create.add_argument(
            "--purpose-in",
            nargs=2,
            action="append",
            default=[],
            metavar=("LANGUAGE", "TEXT"),
            help="the purpose in another of the service's languages; repeat for several",
        )
        sub.add_parser("list", help="list services")

    def handle(self, *args, action, **opts):
        if action == "list":
            for s in Service.objects.select_related("org").order_by("slug"):
                self.stdout.write(f"{s.slug}\t{s.name}\t{s.org.slug}\t{','.join(s.languages)}")
            return
        if Service.objects.filter(slug=opts["slug"]).exists():
            raise CommandError(f"a service with slug {opts['slug']!r} already exists")
        languages = opts["languages"] or ["en"]
        purpose = {languages[0]: opts["purpose"]} if opts["purpose"] else {}
        for language, text in opts["purpose_in"]:
            if language not in languages:
                raise CommandError(f"--purpose-in {language}: not one of the service's languages")
            purpose[language] = text
        if purpose and not purpose.get(languages[0]):
            raise CommandError(f"give the purpose in the default language ({languages[0]}) too")
        org_slug = opts["org"] or slugify(opts["name"])[:50] or opts["slug"]
        org, _ = Organization.objects.get_or_create(slug=org_slug, defaults={"name": opts["name"]})
        try:
            service = service_create(
                org=org,
                slug=opts["slug"],
                name=opts["name"],
                languages=languages,
                timezone_name=opts["timezone"],
                mode=opts["mode"],
                purpose=purpose,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"created service {service.slug} in {org.slug}"))
