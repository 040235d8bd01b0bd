from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "passerelle.moderation"
    label = "moderation"
    verbose_name = "Moderation"
