from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_create
from passerelle.channels.types.registry import all_types
from passerelle.communities.models import Service


class Command(BaseCommand):
    help = "Connect a channel to a service, or list channels."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="connect a channel")
        add.add_argument("type", choices=[t.slug for t in all_types()])
        add.add_argument("--service", required=True)
        add.add_argument("--name", default="")
        sub.add_parser("list", help="list channels and their webhook URLs")

    def handle(self, *args, action, **opts):
        if action == "list":
            for ch in Channel.objects.select_related("service").order_by("service__slug", "pk"):
                url = settings.PUBLIC_URL + reverse("channels:webhook", args=[ch.uuid])
                self.stdout.write(f"{ch.service.slug}\t{ch.type}\t{ch.name}\t{url}")
            return
        service = Service.objects.filter(slug=opts["service"]).first()
        if service is None:
            raise CommandError(f"no service with slug {opts['service']!r}")
        channel = channel_create(
            service=service, type_slug=opts["type"], name=opts["name"] or opts["type"]
        )
        url = settings.PUBLIC_URL + reverse("channels:webhook", args=[channel.uuid])
        self.stdout.write(self.style.SUCCESS(f"connected {channel.type} to {service.slug}"))
        self.stdout.write(f"webhook URL: {url}")
