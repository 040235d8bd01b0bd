from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from passerelle.accounts.services import two_factor_reset


class Command(BaseCommand):
    help = "Two-factor authentication of staff accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reset = sub.add_parser(
            "reset", help="remove an account's authenticator (lost phone): set up at next sign-in"
        )
        reset.add_argument("email")

    def handle(self, *args, action, email, **opts):
        user = get_user_model().objects.filter(username=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"no staff account {email!r}")
        removed = two_factor_reset(user=user)
        self.stdout.write(
            self.style.SUCCESS(f"{user.username}: {removed} authenticator(s) removed")
        )
