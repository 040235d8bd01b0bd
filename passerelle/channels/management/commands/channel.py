"""`passerelle channel add <type> --service SLUG …`, `channel list`, `channel deactivate`.

The options of `add <type>` come from the type's `connect_fields` (see
channels.types.base.ConnectField): `--token`, `--group-chat-id`… A secret left out is
asked for without echo when a terminal is attached, so it need not sit in shell history.
"""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from passerelle.channels.models import Channel
from passerelle.channels.services import channel_connect, channel_deactivate
from passerelle.channels.types.base import ConnectError
from passerelle.channels.types.registry import all_types
from passerelle.orgs.models import Service


def _option(field) -> str:
    return "--" + field.name.replace("_", "-")


class Command(BaseCommand):
    help = "Connect a channel to a service, list channels, or deactivate one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="connect an account on a platform to a service")
        types = add.add_subparsers(dest="type", required=True, metavar="TYPE")
        for channel_type in all_types():
            typed = types.add_parser(channel_type.slug, help=f"connect {channel_type.name}")
            typed.add_argument("--service", required=True, help="the service's slug")
            typed.add_argument("--name", default="", help="a name staff recognise")
            for field in channel_type.connect_fields:
                typed.add_argument(
                    _option(field),
                    dest=f"field_{field.name}",
                    default=None,
                    metavar="SECRET" if field.secret else "VALUE",
                    help=f"{field.label}{'' if field.required else ' (optional)'}. {field.help}",
                )
        sub.add_parser("list", help="list channels and their webhook URLs")
        off = sub.add_parser("deactivate", help="stop using a channel")
        off.add_argument("uuid", help="the channel's id, as `channel list` shows it")

    def handle(self, *args, action, **opts):
        if action == "list":
            channels = Channel.objects.select_related("service").order_by("service__slug", "pk")
            for ch in channels:
                state = "active" if ch.is_active else "inactive"
                self.stdout.write(
                    f"{ch.service.slug}\t{ch.type}\t{ch.name}\t{state}\t{ch.uuid}\t{ch.webhook_url}"
                )
            return
        if action == "deactivate":
            channel = Channel.objects.filter(uuid=opts["uuid"]).first()
            if channel is None:
                raise CommandError(f"no channel {opts['uuid']}")
            channel_deactivate(channel=channel, actor="command line")
            self.stdout.write(self.style.SUCCESS(f"deactivated {channel.type} {channel.uuid}"))
            return
        self._add(opts)

    def _add(self, opts):
        service = Service.objects.filter(slug=opts["service"]).first()
        if service is None:
            raise CommandError(f"no service with slug {opts['service']!r}")
        channel_type = next(t for t in all_types() if t.slug == opts["type"])
        values = {}
        for field in channel_type.connect_fields:
            value = opts.get(f"field_{field.name}")
            if value is None and field.secret and field.required and sys.stdin.isatty():
                value = getpass.getpass(f"{field.label}: ")
            values[field.name] = value or ""
        try:
            channel = channel_connect(
                service=service,
                type_slug=channel_type.slug,
                values=values,
                name=opts["name"],
                actor="command line",
            )
        except ConnectError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"connected {channel.type} to {service.slug}"))
        self.stdout.write(f"webhook URL: {channel.webhook_url}")
        for notice in channel_type.admin_notices(channel):
            self.stdout.write(self.style.WARNING(f"note: {notice}"))
