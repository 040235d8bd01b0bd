"""The registry of channel types: one package per platform, registered by slug."""

from importlib import import_module

from passerelle.channels.types.base import ChannelType

# Each entry is a module exposing `TYPE`, an instance of a ChannelType subclass.
_MODULES = [
    "passerelle.channels.types.simulator.type",
    "passerelle.channels.types.webchat.type",
    "passerelle.channels.types.telegram.type",
    "passerelle.channels.types.whatsapp.type",
    "passerelle.channels.types.messenger.type",
    "passerelle.channels.types.sms_twilio.type",
]

_registry: dict[str, ChannelType] = {}


class UnknownChannelType(KeyError):
    pass


def _load() -> dict[str, ChannelType]:
    if not _registry:
        # Filled in one step: a web thread must never see half the types (and answer a
        # platform's webhook 404) while another thread is still importing the rest.
        loaded = {}
        for path in _MODULES:
            channel_type = import_module(path).TYPE
            loaded[channel_type.slug] = channel_type
        _registry.update(loaded)
    return _registry


def get(slug: str) -> ChannelType:
    try:
        return _load()[slug]
    except KeyError:
        raise UnknownChannelType(slug) from None


def all_types() -> list[ChannelType]:
    return list(_load().values())
