"""A prompt as the member reads it: its wording in their language, the numbered options."""

from passerelle.prompts import texts
from passerelle.prompts.parsing import options_of


def language_for(service, member, wordings: dict, language: str = "") -> str:
    """The language to ask in: the one asked for, the member's, the service's default, the
    first one the owner wrote; each only if the owner gave a wording in it."""
    for candidate in (language, getattr(member, "language", ""), service.default_language):
        if candidate and candidate in wordings:
            return candidate
    return next(iter(wordings), language or service.default_language)


def label(option: dict, language: str, default_language: str = "en") -> str:
    """One option's label in `language` (its value when the owner gave no label)."""
    labels = option.get("labels") or {}
    return (
        labels.get(language)
        or labels.get(default_language)
        or next(iter(labels.values()), "")
        or option["value"]
    )


def render(prompt, service) -> str:
    """The text that asks `prompt`: the owner's wording, then its options numbered from 1
    and "0. Skip" when it can be skipped (unless the owner's wording already lists them)."""
    language, default = prompt.language, service.default_language
    head = prompt.wordings.get(language) or next(iter(prompt.wordings.values()), "")
    if not prompt.show_options:
        return head
    lines = [head]
    options = options_of(prompt.kind, prompt.options)
    if prompt.kind in ("choice", "multi", "yes_no") or (prompt.kind == "scale" and options):
        lines += [f"{n}. {label(o, language, default)}" for n, o in enumerate(options, 1)]
    elif prompt.kind == "scale":
        lines.append(texts.text("scale", language, default))
    if prompt.skippable:
        lines.append(f"0. {texts.text('skip', language, default)}")
    return "\n".join(lines)


def reask(prompt, service, line: str = "") -> str:
    """What a reply that answered nothing gets: one line saying so (the owner's `line`, or
    the engine's), then the question."""
    key = "reask" if prompt.kind in texts.NUMBERED_KINDS else "reask_text"
    line = line or texts.text(key, prompt.language, service.default_language)
    return f"{line}\n\n{prompt.wording}"


def reminder(prompt, service) -> str:
    """The one reminder: a line saying so, then the question as it was asked."""
    return (
        f"{texts.text('reminder', prompt.language, service.default_language)}\n\n{prompt.wording}"
    )
