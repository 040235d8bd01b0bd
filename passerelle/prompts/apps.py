from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "passerelle.prompts"
    label = "prompts"
