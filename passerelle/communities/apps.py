from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "passerelle.communities"
    label = "communities"

    def ready(self):
        from passerelle.communities.lifecycle import EXIT_OWNER, ExitOwner
        from passerelle.prompts import owners

        # "Why are you leaving?" is a prompt: its answer comes back here.
        owners.register(EXIT_OWNER, ExitOwner())
