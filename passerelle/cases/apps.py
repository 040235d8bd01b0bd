from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "passerelle.cases"
    label = "cases"

    def ready(self):
        from django.db.models.signals import post_save

        from passerelle.cases.clients import CHECKIN_OWNER, survey_clients
        from passerelle.cases.followup import CheckinOwner
        from passerelle.prompts import owners
        from passerelle.referrals.models import Referral
        from passerelle.surveys.selectors import audience_extra_register

        # The check-in's "how are things going?" is a prompt: its answers come back here.
        owners.register(CHECKIN_OWNER, CheckinOwner())
        # Satisfaction surveys (§8) reach the clients, who are in no group.
        audience_extra_register("case_clients", survey_clients)
        # A referral made through the referrals' own flow lands on the client's file
        # (referrals sit below cases and cannot call it).
        post_save.connect(_referral_saved, sender=Referral, dispatch_uid="cases_referral")


def _referral_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from passerelle.cases.protocol import referral_recorded

        referral_recorded(instance)
