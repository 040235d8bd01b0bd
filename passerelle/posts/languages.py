"""Which of a post's texts a reader gets: the member's language, then the service's
languages in their order, then any text the post has (common.text.pick_text's rule,
with the service's whole order as the fallback)."""

from __future__ import annotations

from passerelle.common.text import pick_text


def text_for(texts: dict, language: str, service_languages) -> tuple[str, str]:
    """(text, its language) for a member who reads `language`."""
    base = (language or "").split("_")[0].split("-")[0]
    for code in (language, base, *(service_languages or [])):
        if code and texts.get(code):
            return texts[code], code
    picked = pick_text(texts, "")
    return str(picked), picked.language


def group_text(texts: dict, service_languages) -> tuple[str, str]:
    """The one message a group gets: every text the post has, in the service's language
    order (a group's members read different languages); its language is the first's."""
    order = [c for c in dict.fromkeys(service_languages or []) if texts.get(c)]
    order += [c for c in texts if c not in order and texts.get(c)]
    if not order:
        return "", ""
    return "\n\n".join(texts[c] for c in order), order[0]
