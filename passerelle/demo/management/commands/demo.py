from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.urls import reverse

from passerelle.channels.models import Channel
from passerelle.demo.seed import ADMIN_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL, seed_demo


class Command(BaseCommand):
    help = "Create the demo service (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, no_migrate, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        result = seed_demo()
        service = result["service"]
        self.stdout.write(
            self.style.SUCCESS(
                f"demo service {service.slug}: {result['members']} members, "
                f"{result['messages_created']} messages added"
            )
        )
        base = settings.PUBLIC_URL
        self.stdout.write(f"  open           {base}/")
        self.stdout.write(f"  moderator      {MODERATOR_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(
            f"  administrator  {ADMIN_EMAIL} / {DEMO_PASSWORD}"
            "  (asks to set up an authenticator app at first sign-in)"
        )
        for ch in Channel.objects.filter(service=service, type__in=["simulator", "webchat"]):
            page = "simulator:page" if ch.type == "simulator" else "webchat:page"
            self.stdout.write(f"  {ch.type:<14} {base}{reverse(page, args=[ch.uuid])}")
