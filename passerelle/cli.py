"""The `passerelle` command: Passerelle's own commands plus all of Django's.

Every sub-command is a Django management command, so `passerelle migrate`,
`passerelle createsuperuser` and `passerelle run` share one settings module and one
DATABASE_URL.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passerelle.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["passerelle", *argv])


if __name__ == "__main__":
    main()
