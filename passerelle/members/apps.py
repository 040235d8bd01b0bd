from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "passerelle.members"
    label = "members"

    def ready(self):
        from passerelle.members.merge import register_members

        # The first merge handler: the person's identities, consents and access log.
        register_members()
