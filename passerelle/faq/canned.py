"""Canned replies: the service's wording of a standard message, else the shipped default."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from passerelle.faq import texts
from passerelle.faq.models import CannedReply
from passerelle.orgs.permissions import require

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
MAX_LENGTH = 2000


def fill(template: str, values: dict) -> str:
    """Replace {placeholders}; unknown ones become empty so a typo never reaches a member."""
    text = _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "") or ""), template)
    return text.strip()


def language_chain(service, language: str) -> list[str]:
    """Languages to try for a member: theirs, the service's first, then English."""
    chain = []
    for code in (language, service.default_language, "en"):
        if code and code not in chain:
            chain.append(code)
    return chain


def canned_template(service, kind: str, language: str, *, overrides=None) -> tuple[str, str]:
    """(template, language used) of one standard message for a member's language.

    `overrides`: the service's wordings by (kind, language) (faq.selectors.canned_overrides)
    when already read; else the ones that matter are read here."""
    if kind not in texts.DEFAULTS:
        raise KeyError(kind)
    chain = language_chain(service, language)
    if overrides is None:
        rows = CannedReply.objects.filter(service=service, kind=kind, language__in=chain)
    else:
        rows = [row for (k, code), row in overrides.items() if k == kind and code in chain]
    overrides = {row.language: row.text for row in rows}
    for code in chain:
        if overrides.get(code, "").strip():
            return overrides[code], code
        if code in texts.DEFAULTS[kind]:
            return texts.DEFAULTS[kind][code], code
    return texts.DEFAULTS[kind]["en"], "en"


def canned_text(service, kind: str, language: str, *, overrides=None, **values) -> tuple[str, str]:
    """(text, language used): the standard message filled in for one member."""
    template, used = canned_template(service, kind, language, overrides=overrides)
    return fill(template, values), used


def canned_set(*, role, kind: str, language: str, text: str) -> CannedReply | None:
    """Save a service's wording of a standard message; empty text restores the default."""
    require(role, "moderate")
    if kind not in texts.DEFAULTS:
        raise ValidationError(_("Unknown kind of message."))
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("A message can have at most %(n)d characters.") % {"n": MAX_LENGTH})
    service = role.service
    if not text:
        CannedReply.objects.filter(service=service, kind=kind, language=language).delete()
        return None
    row, _created = CannedReply.objects.update_or_create(
        service=service,
        kind=kind,
        language=language,
        defaults={"org_id": service.org_id, "text": text, "updated_by": role.user},
    )
    return row
