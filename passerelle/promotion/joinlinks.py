"""The link a newcomer follows to join, per channel of a service, and its QR code.

Computed from what the channel already knows (its config, written by the adapter when it
connected), unless staff pasted one: a Telegram group's invite link is made in the
Telegram app, the Bot API only reads it with rights the bot may not have.
"""

import contextlib
import io
import re
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from passerelle.channels.models import Channel
from passerelle.promotion.models import PastedJoinLink
from passerelle.promotion.texts import JOIN_KEYWORDS

# What a member can join on; the simulator is for staff trying things out.
JOINABLE = ("telegram", "webchat", "sms_twilio", "whatsapp", "messenger")
PLATFORM_NAMES = {
    "telegram": "Telegram",
    "webchat": gettext_lazy("Web chat"),
    "sms_twilio": "SMS",
    "whatsapp": "WhatsApp",
    "messenger": "Messenger",
}


@dataclass(frozen=True)
class JoinLink:
    channel: Channel
    url: str
    # Printed under the QR code: the link, or "Text JOIN to +1 …" for SMS.
    caption: str
    pasted: bool
    # Why there is no link yet, for staff ("" when there is one).
    missing: str = ""

    @property
    def in_text(self) -> str:
        """What {join_link} becomes: the words to text for SMS (an sms: link is not read
        by people), else the whole link."""
        return self.caption if self.url.startswith("sms:") else self.url

    @property
    def platform(self) -> str:
        return str(PLATFORM_NAMES.get(self.channel.type, self.channel.type))


def join_keyword(language: str) -> str:
    """The word a member texts to join, in the language of the text around it."""
    return JOIN_KEYWORDS.get((language or "").split("-")[0], JOIN_KEYWORDS["en"])


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number or "")


def _computed(channel: Channel, language: str) -> tuple[str, str, str]:
    """(url, caption, missing) from the channel's own settings."""
    config = channel.config or {}
    keyword = join_keyword(language)
    if channel.type == "telegram":
        if link := str(config.get("invite_link") or ""):
            return link, link, ""
        if bot := str(config.get("bot_username") or ""):
            # The bot's chat: /start opens the join questions like the group's request does.
            link = f"https://t.me/{bot}"
            return link, link, ""
        return "", "", _("Paste the group's invite link (Telegram › group › Invite links).")
    if channel.type == "webchat":
        link = settings.PUBLIC_URL + reverse("webchat:page", args=[channel.uuid])
        return link, link, ""
    if channel.type == "sms_twilio":
        number = str(config.get("from_number") or "")
        if not number:
            return "", "", _("This SMS channel sends from a messaging service: paste the number.")
        caption = _("Text %(keyword)s to %(number)s") % {"keyword": keyword, "number": number}
        return f"sms:{number}?body={quote(keyword)}", caption, ""
    if channel.type == "whatsapp":
        number = _digits(str(config.get("display_phone_number") or ""))
        if not number:
            return "", "", _("Connect the channel again to read its phone number, or paste it.")
        link = f"https://wa.me/{number}?text={quote(keyword)}"
        return link, f"wa.me/{number}", ""
    if channel.type == "messenger":
        page = str(config.get("page_username") or config.get("page_id") or "")
        if not page:
            return "", "", _("Connect the channel again to read its page, or paste its m.me link.")
        link = f"https://m.me/{page}"
        return link, link, ""
    return "", "", ""


def join_links_for(role, *, language: str = "") -> list[JoinLink]:
    """One join link per active channel members can join, for staff of the service."""
    if role is None or not role.can("read"):
        return []
    language = language or role.service.default_language
    channels = list(
        Channel.objects.filter(
            service_id=role.service_id, is_active=True, type__in=JOINABLE
        ).order_by("type", "id")
    )
    pasted = dict(
        PastedJoinLink.objects.filter(channel__in=channels).values_list("channel_id", "url")
    )
    return [_link(channel, pasted.get(channel.pk), language) for channel in channels]


def _link(channel: Channel, pasted: str | None, language: str) -> JoinLink:
    # The caption ("Text JOIN to …") in the language of the text or poster it goes in;
    # what is missing, in the staff member's own.
    shipped = language in dict(settings.LANGUAGES)
    with translation.override(language) if shipped else contextlib.nullcontext():
        if pasted is not None:
            return JoinLink(channel, pasted, _caption_of_pasted(pasted, language), True)
        url, caption, _missing = _computed(channel, language)
    missing = "" if url else _computed(channel, language)[2]
    return JoinLink(channel, url, caption, False, missing)


def join_link_get(role, channel_id, *, language: str = "") -> JoinLink | None:
    """The join link of one channel of the role's service (None: no such channel)."""
    for link in join_links_for(role, language=language):
        if link.channel.pk == channel_id:
            return link
    return None


def _caption_of_pasted(url: str, language: str) -> str:
    if url.startswith("sms:"):
        number, _sep, _rest = url[4:].partition("?")
        return _("Text %(keyword)s to %(number)s") % {
            "keyword": join_keyword(language),
            "number": number,
        }
    return url


def join_text(links: list[JoinLink]) -> str:
    """What {join_link} becomes when no channel is chosen: every link, one after another."""
    return " · ".join(link.in_text for link in links if link.url)


def qr_png(url: str) -> bytes:
    """A QR code for a printed page: medium error correction survives a smudge or a fold."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=10, border=4)
    return out.getvalue()


def qr_svg(url: str, *, inline: bool = False) -> str:
    """The same code as SVG: plain shapes, no script, so it can go in a page as is."""
    code = segno.make(url, error="m")
    if inline:
        return code.svg_inline(scale=6, border=4)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=10, border=4, xmldecl=True)
    return out.getvalue().decode()
