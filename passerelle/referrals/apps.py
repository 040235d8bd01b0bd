from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "passerelle.referrals"
    label = "referrals"

    def ready(self):
        from passerelle.prompts import owners
        from passerelle.referrals.services import OWNER, FollowupOwner

        # The follow-up's "did it help?" is a prompt: its answers come back here.
        owners.register(OWNER, FollowupOwner())
        from passerelle.referrals.merge import register_referrals

        # Its part of a member merge (members.merge).
        register_referrals()
