from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "passerelle.members"
    label = "members"
