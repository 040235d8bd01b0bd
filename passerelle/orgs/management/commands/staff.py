import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from passerelle.orgs.models import Role, Service
from passerelle.orgs.services import staff_add


class Command(BaseCommand):
    help = "Give a staff member a role in a service."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add (or change) a staff member's role")
        add.add_argument("email")
        add.add_argument("--service", required=True, help="service slug")
        add.add_argument("--role", choices=Role.values, default=Role.MODERATOR)
        add.add_argument("--password", help="set this password (default: generate one if new)")

    def handle(self, *args, action, email, service, role, password, **opts):
        found = Service.objects.filter(slug=service).first()
        if found is None:
            raise CommandError(f"no service with slug {service!r} (see `passerelle service list`)")
        generated = None
        user_exists = found.staff_roles.model.objects.filter(user__username=email.lower()).exists()
        if password is None and not user_exists:
            password = generated = secrets.token_urlsafe(12)
        try:
            user, created = staff_add(email=email, service=found, role=role, password=password)
        except ValidationError as exc:
            raise CommandError("password refused: " + " ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{user.email} is {role} of {found.slug}"))
        if generated and created:
            self.stdout.write(f"password: {generated}")
