from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "passerelle.communities"
    label = "communities"
