"""Walk every staff page of the demo service in French and Arabic and fail on internal codes
shown as text: snake_case keys (`off_topic_places`, `in_person`), source tags such as
`(webchat:/leave)`, stored answer codes (`yes`, `both`), bare language codes and empty counts
`()`; and on what assistive technology trips over: ids pointed at that do not exist
(aria-describedby, label for), duplicate ids, table headers without text."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelle.demo.seed import ADMIN_EMAIL, seed_demo
from passerelle.testing.staff_pages import staff_page_urls

pytestmark = pytest.mark.django_db

RAW_KEY = re.compile(r"(?<![\w{/.@-])[a-z]+(?:_[a-z0-9]+)+(?![\w}/.@-])")
SOURCE_TAG = re.compile(r"\(\s*[a-z_]+:[^)\s]*\)")
EMPTY_COUNT = re.compile(r"\(\s*\)")
LANGUAGE_CODE = re.compile(r"^(ar|fr|en)$")  # a picker or tag that says `ar`, not العربية
# Values an administrator types into a platform's own settings, named as the platform names
# them (Twilio's sender types, Meta's permission).
PLATFORM_WORDS = {"long_code", "toll_free", "short_code", "whatsapp_business_messaging"}
ANSWER_CODE = re.compile(r"^(yes|no|both|online|in_person|ar|fr|en)$")


class _Text(HTMLParser):
    """The text a reader sees: no script, style, form values or attributes."""

    # <kbd>: a command to type, shown as typed.
    SKIP = {"script", "style", "textarea", "template", "kbd"}

    def __init__(self):
        super().__init__()
        self.chunks, self.strong, self._skip, self._in_strong = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        if tag == "strong":
            self._in_strong += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip -= 1
        if tag == "strong":
            self._in_strong -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())
            if self._in_strong:
                self.strong.append(data.strip())


class _Ids(HTMLParser):
    """Ids a page has, the ids it points at (aria-describedby, aria-labelledby, label for,
    in-page links) and its table headers without text."""

    def __init__(self):
        super().__init__()
        self.ids, self.refs, self.empty_th, self._th = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
            self.refs += (attrs.get(name) or "").split()
        if tag == "label" and attrs.get("for"):
            self.refs.append(attrs["for"])
        if tag == "a" and (attrs.get("href") or "").startswith("#") and len(attrs["href"]) > 1:
            self.refs.append(attrs["href"][1:])
        if tag == "th":
            self._th = ""

    def handle_data(self, data):
        if self._th is not None:
            self._th += data.strip()

    def handle_endtag(self, tag):
        if tag == "th":
            self.empty_th += self._th == ""
            self._th = None


def _admin_client(service):
    admin = service.staff_roles.get(user__email=ADMIN_EMAIL).user
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="rendering does not depend on the database: the walk runs on the SQLite pass only",
)
def test_staff_pages_in_french_and_arabic_show_no_internal_code_and_no_dangling_id():
    service = seed_demo()["service"]
    client = _admin_client(service)
    urls = staff_page_urls(service, client)
    assert len(urls) >= 30
    found = []
    for language in ("fr", "ar"):
        client.cookies["django_language"] = language
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}"' in response.content.decode(), url
            parser = _Text()
            parser.feed(response.content.decode())
            for chunk in parser.chunks:
                for pattern in (RAW_KEY, SOURCE_TAG, EMPTY_COUNT):
                    found += [
                        (language, url, m)
                        for m in pattern.findall(chunk)
                        if m not in PLATFORM_WORDS
                    ]
            found += [(language, url, s) for s in parser.strong if ANSWER_CODE.match(s)]
            found += [(language, url, s) for s in parser.chunks if LANGUAGE_CODE.match(s)]
            # Assistive technology: what the page points at exists, once; headers say something.
            ids = _Ids()
            ids.feed(response.content.decode())
            found += [(language, url, f"duplicate id {i}") for i in ids.ids if ids.ids.count(i) > 1]
            found += [(language, url, f"missing id {r}") for r in set(ids.refs) - set(ids.ids)]
            found += [(language, url, "empty table header")] * bool(ids.empty_th)
    if found:
        pytest.fail("\n".join(f"{lang} {url} {text!r}" for lang, url, text in sorted(set(found))))


@pytest.mark.parametrize(
    ("asked", "lang", "direction"), [("ar", "ar", "rtl"), ("fr", "fr", "ltr"), ("en", "en", "ltr")]
)
def test_public_guidelines_take_lang_and_dir_from_their_text(client, asked, lang, direction):
    from passerelle.communities.services import guidelines_from_template
    from passerelle.testing.factories import make_service

    service = make_service()
    guidelines_from_template(service=service, template="interactive")
    # The browser asks for English; the link asks for the member's language.
    page = client.get(
        f"/g/{service.slug}/?lang={asked}", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in page
