from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "passerelle.prompts"
    label = "prompts"

    def ready(self):
        from passerelle.prompts.merge import register_prompts

        # Its part of a member merge (members.merge).
        register_prompts()
