from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "passerelle.channels"
    label = "channels"
