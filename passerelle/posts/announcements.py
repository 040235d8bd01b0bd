"""The two announcements' texts, prefilled in each of the service's languages (staff edit
them in the composer before they go): "we are moving" and "this service is closing"."""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _


def _day(value, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def move_texts(service, *, channel: str, link: str, until) -> dict:
    """ "We are moving" in each language of the service: where to, the link, until when."""
    texts = {}
    for language in dict.fromkeys(service.languages or ["en"]):
        with translation.override(language):
            texts[language] = _(
                "%(service)s is moving: from now on, find us on %(channel)s. Join here: "
                "%(link)s. We still read this conversation until %(until)s."
            ) % {
                "service": service.name,
                "channel": channel,
                "link": link,
                "until": _day(until, language),
            }
    return texts


def closing_texts(service, *, closes_on) -> dict:
    """ "This service is closing" in each language of the service, with its date."""
    texts = {}
    for language in dict.fromkeys(service.languages or ["en"]):
        with translation.override(language):
            texts[language] = _(
                "%(service)s is closing on %(date)s. Thank you for being part of it. Until "
                "then, you can still write to us here."
            ) % {"service": service.name, "date": _day(closes_on, language)}
    return texts
