"""The web form link of one recipient: a signed token naming the wave and the member (the
recipient row), never a response, so the message it goes out in links the member to nothing
they answered."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "passerelle.surveys.form"


def form_token(recipient) -> str:
    return signing.Signer(salt=SALT).sign(signing.b62_encode(recipient.pk))


def form_url(recipient) -> str:
    return settings.PUBLIC_URL + reverse("surveys:form", args=[form_token(recipient)])


def recipient_id(token: str) -> int | None:
    """The recipient a token names, or None when it was not signed by us."""
    try:
        return signing.b62_decode(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
