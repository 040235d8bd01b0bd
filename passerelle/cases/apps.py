from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "passerelle.cases"
    label = "cases"
