from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "passerelle.planning"
    verbose_name = "Planning"
