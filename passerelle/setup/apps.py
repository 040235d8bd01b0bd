from django.apps import AppConfig


class SetupConfig(AppConfig):
    """Setting a service up and staffing it from the browser (docs/setup.md)."""

    name = "passerelle.setup"
    label = "setup"
