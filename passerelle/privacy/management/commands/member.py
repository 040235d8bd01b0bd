"""`passerelle member export|erase`: a member's data rights at the command line.

For the operator of an installation (who can read the database anyway): no staff role is
asked, and the staff access log records the export as "operator (command line)".
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from passerelle.members.models import Member
from passerelle.orgs.models import Service
from passerelle.privacy.erasure import member_erase, services_of
from passerelle.privacy.export import member_export_by_operator


class Command(BaseCommand):
    help = "Export or erase one member's data (docs/privacy.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a member's data in a service as a ZIP")
        erase = sub.add_parser("erase", help="erase a member's data in the whole organization")
        for each in (export, erase):
            each.add_argument("--service", required=True, help="service slug")
            each.add_argument("--member", required=True, type=int, help="member number (#)")
        export.add_argument("--out", required=True, help="ZIP file to write")
        erase.add_argument("--reason", required=True, help="why, without personal details")
        erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, action, **opts):
        service = Service.objects.select_related("org").filter(slug=opts["service"]).first()
        if service is None:
            raise CommandError(f"no service with slug {opts['service']!r}")
        member = (
            Member.objects.filter(
                Q(memberships__service=service) | Q(threads__service=service),
                pk=opts["member"],
                org=service.org,
            )
            .distinct()
            .first()
        )
        if member is None:
            raise CommandError(f"no member #{opts['member']} in {service.slug}")
        if action == "export":
            self._export(service, member, Path(opts["out"]))
        else:
            self._erase(service, member, opts["reason"], opts["yes"])

    def _export(self, service, member, out: Path) -> None:
        data = member_export_by_operator(service=service, member=member)
        try:
            out.write_bytes(data)
            out.chmod(0o600)  # personal data: readable by the operator only
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"member #{member.pk} of {service.slug} → {out}"))

    def _erase(self, service, member, reason: str, yes: bool) -> None:
        if member.erased_at is not None:
            raise CommandError(f"member #{member.pk} was already erased")
        names = ", ".join(s.slug for s in services_of(member))
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError("add --yes to erase without a terminal to confirm on")
            self.stdout.write(
                f"This erases member #{member.pk} ({member.display_name}) in {names}. "
                "It cannot be undone."
            )
            if input("Type ERASE to confirm: ").strip() != "ERASE":
                raise CommandError("not confirmed: nothing was erased")
        try:
            member_erase(member=member, reason=reason, service=service, via="cli")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"member #{member.pk} erased in {names}"))
