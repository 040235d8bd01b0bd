"""Django's `check`, saying which time-zone rules due times are computed with."""

from django.core.management.commands.check import Command as DjangoCheck

from passerelle.common.tz import tz_data_text


class Command(DjangoCheck):
    def handle(self, *app_labels, **options):
        # Printed first: the checks' own verdict ("no issues") stays the last line.
        self.stdout.write(f"Time-zone data: {tz_data_text()}")
        return super().handle(*app_labels, **options)
