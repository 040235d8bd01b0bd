"""Join links per channel, and QR codes (PNG and SVG) that a real decoder reads back."""

import io
import re

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from passerelle.orgs.models import Role
from passerelle.promotion import joinlinks, services
from passerelle.promotion.models import PastedJoinLink
from passerelle.promotion.tests.conftest import decode_png
from passerelle.testing.factories import make_service, make_staff

pytestmark = pytest.mark.django_db


@override_settings(PUBLIC_URL="https://passerelle.example.org")
def test_each_channel_has_its_join_link(mod_role, channels):
    links = {li.channel.type: li for li in joinlinks.join_links_for(mod_role, language="en")}
    assert "simulator" not in links
    assert links["telegram"].url == "https://t.me/newcomers_bot"
    assert links["webchat"].url == (
        f"https://passerelle.example.org/chat/{channels['webchat'].uuid}/"
    )
    assert links["sms_twilio"].url == "sms:+15875550100?body=JOIN"
    assert links["sms_twilio"].caption == "Text JOIN to +15875550100"
    assert links["whatsapp"].url == "https://wa.me/15875550111?text=JOIN"
    assert links["messenger"].url == "https://m.me/998877"
    # In a text: the words to type for SMS, the whole link otherwise.
    assert links["sms_twilio"].in_text == "Text JOIN to +15875550100"
    assert links["whatsapp"].in_text == "https://wa.me/15875550111?text=JOIN"
    assert joinlinks.join_text([links["telegram"], links["sms_twilio"]]) == (
        "https://t.me/newcomers_bot · Text JOIN to +15875550100"
    )


def test_keyword_follows_the_language_and_is_a_join_word(mod_role, channels):
    from passerelle.communities.commands import KEYWORDS, START

    links = {li.channel.type: li for li in joinlinks.join_links_for(mod_role, language="ar")}
    assert links["sms_twilio"].url == "sms:+15875550100?body=%D8%A7%D9%86%D8%B6%D9%85"
    assert links["whatsapp"].url.endswith("?text=%D8%A7%D9%86%D8%B6%D9%85")
    for word in ("JOIN", "REJOINDRE", "انضم"):
        assert KEYWORDS[word.lower()] == START


def test_pasted_invite_link_wins_and_can_be_removed(mod_role, channels):
    telegram = channels["telegram"]
    services.join_link_paste(role=mod_role, channel=telegram, url=" https://t.me/+AbCdEf123 ")
    (link,) = [li for li in joinlinks.join_links_for(mod_role) if li.channel == telegram]
    assert (link.url, link.pasted) == ("https://t.me/+AbCdEf123", True)
    services.join_link_paste(role=mod_role, channel=telegram, url="")
    assert not PastedJoinLink.objects.exists()


def test_telegram_without_bot_name_or_link_asks_for_one(service, mod_role):
    from passerelle.channels.services import channel_create

    channel_create(service=service, type_slug="telegram", name="t", config={})
    (link,) = joinlinks.join_links_for(mod_role)
    assert link.url == "" and "invite link" in link.missing


def test_a_pasted_link_must_be_a_link(mod_role, channels):
    with pytest.raises(ValidationError):
        services.join_link_paste(role=mod_role, channel=channels["telegram"], url="t.me group")


def test_a_viewer_cannot_paste_and_another_service_sees_nothing(service, channels):
    _user, viewer = make_staff(service, Role.VIEWER)
    with pytest.raises(Exception, match="not allowed"):
        services.join_link_paste(role=viewer, channel=channels["telegram"], url="https://t.me/+x")
    other = make_service()
    _user, stranger = make_staff(other, Role.ADMIN)
    assert joinlinks.join_links_for(stranger) == []
    assert joinlinks.join_link_get(stranger, channels["telegram"].pk) is None


@override_settings(PUBLIC_URL="https://passerelle.example.org")
def test_every_qr_code_decodes_to_its_join_link(mod_role, channels):
    links = [li for li in joinlinks.join_links_for(mod_role, language="fr") if li.url]
    assert len(links) == 5
    for link in links:
        assert decode_png(joinlinks.qr_png(link.url)) == [link.url]


def svg_to_image(svg: str) -> Image.Image:
    """Rasterise the SVG segno writes (one path of horizontal strokes: M, m, h) through
    Pillow, reading only the SVG text, so the decoder checks what the file says."""
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = int(re.search(r"scale\((\d+)\)", svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = width // scale
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                image.putpixel((column, int(y)), 0)
            x += float(a)
    return image.resize((size * 8, size * 8), Image.NEAREST)


def test_svg_decodes_too():
    url = "sms:+15875550100?body=JOIN"
    svg = joinlinks.qr_svg(url)
    assert svg.startswith("<?xml") and "<script" not in svg
    assert [r.text for r in zxingcpp.read_barcodes(svg_to_image(svg))] == [url]


def test_download_png_and_svg(client, service, channels):
    user, _role = make_staff(service, Role.PARTNER)
    client.force_login(user)
    sms = channels["sms_twilio"]
    png = client.get(f"/s/{service.slug}/promote/channels/{sms.pk}/qr.png?lang=fr")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert "attachment" in png["Content-Disposition"]
    assert decode_png(png.content) == ["sms:+15875550100?body=REJOINDRE"]
    svg = client.get(f"/s/{service.slug}/promote/channels/{sms.pk}/qr.svg?lang=en")
    assert svg["Content-Type"] == "image/svg+xml"
    decoded = zxingcpp.read_barcodes(svg_to_image(svg.content.decode()))
    assert [r.text for r in decoded] == ["sms:+15875550100?body=JOIN"]
    # The simulator has no join link; another service's channel does not exist here.
    assert (
        client.get(
            f"/s/{service.slug}/promote/channels/{channels['simulator'].pk}/qr.png"
        ).status_code
        == 404
    )
    other = make_service()
    _u, other_role = make_staff(other, Role.ADMIN, email="x@example.org")
    assert client.get(f"/s/{other.slug}/promote/channels/{sms.pk}/qr.png").status_code == 404


def test_poster_is_a4_with_one_code_per_channel_and_rtl_in_arabic(client, service, channels):
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    page = client.get(f"/s/{service.slug}/promote/poster/?lang=ar")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count("<svg") == 5
    assert "امسح الرمز" in html  # the poster key message, in Arabic
    assert "poster.css" in html
    english = client.get(f"/s/{service.slug}/promote/poster/?lang=en").content.decode()
    assert '<html lang="en" dir="ltr">' in english and "Scan the code" in english


def test_poster_css_prints_on_a4():
    from pathlib import Path

    css = (Path(joinlinks.__file__).parent / "static/promotion/poster.css").read_text()
    assert "size: A4" in css and "@media print" in css


def test_paste_page_round_trip(client, service, channels):
    user, _role = make_staff(service, Role.MODERATOR)
    client.force_login(user)
    telegram = channels["telegram"]
    url = f"/s/{service.slug}/promote/channels/{telegram.pk}/link/"
    bad = client.post(url, {"url": "not a link"}, follow=True)
    assert "This is not a link" in bad.content.decode()
    client.post(url, {"url": "https://t.me/+Group42"})
    page = client.get(f"/s/{service.slug}/promote/").content.decode()
    assert "https://t.me/+Group42" in page
    png = client.get(f"/s/{service.slug}/promote/channels/{telegram.pk}/qr.png")
    assert decode_png(png.content) == ["https://t.me/+Group42"]


def test_png_is_a_real_png():
    data = joinlinks.qr_png("https://t.me/+x")
    assert Image.open(io.BytesIO(data)).format == "PNG"
