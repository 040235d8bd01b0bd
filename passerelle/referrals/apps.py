from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "passerelle.referrals"
    label = "referrals"
