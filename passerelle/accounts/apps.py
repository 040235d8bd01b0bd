from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "passerelle.accounts"
    label = "accounts"
    verbose_name = "Staff sign-in"
