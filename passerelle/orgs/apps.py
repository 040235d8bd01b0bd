from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "passerelle.orgs"
    label = "orgs"
