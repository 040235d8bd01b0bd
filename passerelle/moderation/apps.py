from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "passerelle.moderation"
    label = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from passerelle.moderation.merge import register_moderation

        # Its part of a member merge (members.merge).
        register_moderation()
