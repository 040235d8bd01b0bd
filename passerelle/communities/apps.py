from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "passerelle.communities"
    label = "communities"

    def ready(self):
        from passerelle.communities.group_push import group_message_notify
        from passerelle.communities.intake_owner import IntakeOwner
        from passerelle.communities.intake_steps import INTAKE_OWNER
        from passerelle.communities.lifecycle import EXIT_OWNER, ExitOwner
        from passerelle.conversations.services.sending import staff_reply_listen
        from passerelle.prompts import owners

        # The intake's questions and "why are you leaving?" are prompts: answers come here.
        owners.register(INTAKE_OWNER, IntakeOwner())
        owners.register(EXIT_OWNER, ExitOwner())
        # A staff message in the group tells web chat members' browsers (Web Push).
        staff_reply_listen(group_message_notify)
        from passerelle.communities.merge import register_communities

        # Its part of a member merge (members.merge).
        register_communities()
