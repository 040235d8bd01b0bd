"""`passerelle rebuild_message_days [--service SLUG]`: recompute the daily message counts.

The reports read conversations.MessageDay, which every message write keeps in step. Run
this after a service's time zone changed (its messages fall on other local days), after
rows were deleted or changed outside conversations.services (the admin site, SQL), or to
check the counts: it prints, per service, how many daily rows it wrote.
"""

from django.core.management.base import BaseCommand, CommandError

from passerelle.conversations.days import days_rebuild
from passerelle.orgs.models import Service


class Command(BaseCommand):
    help = "Recompute the daily message counts the reports read, from the messages."

    def add_arguments(self, parser):
        parser.add_argument("--service", action="append", help="service slug (repeatable)")

    def handle(self, *args, **opts):
        services = Service.objects.order_by("pk")
        if opts["service"]:
            services = services.filter(slug__in=opts["service"])
            missing = set(opts["service"]) - set(services.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"no service with slug {', '.join(sorted(missing))}")
        for service in services:
            rows = days_rebuild(service)
            self.stdout.write(f"{service.slug}: {rows} daily rows")
