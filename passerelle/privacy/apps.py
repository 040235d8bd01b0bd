from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "passerelle.privacy"
    label = "privacy"

    def ready(self):
        from passerelle.members.merge import register

        # An erased person is never merged (members.merge.merge_check refuses): their
        # erasure record has nothing to move, and says so by claiming its table.
        register(
            "privacy",
            order=100,
            claims=("privacy.MemberErasure.member",),
            move=lambda ctx: {},
            undo=lambda ctx, record: None,
        )
