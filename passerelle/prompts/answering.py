"""Answering a prompt: reading the member's reply, claiming it, handing it to the owner.

A reply that answers nothing is asked again once; a multi-step owner's next question takes
over the answered row (`follow_up`); a prompt asked but never sent takes the first reply
as "go on" (`unsent`). Asking and the queue are prompts.services'.
"""

from copy import copy

from django.utils import timezone

from passerelle.conversations.services import private_thread_for
from passerelle.prompts import owners, wording
from passerelle.prompts.models import Prompt
from passerelle.prompts.parsing import parse
from passerelle.prompts.services import queued_open_next, say, spec_check

State = Prompt.State


def prompt_reply(*, prompt: Prompt, text: str, at=None, store=None, send: bool = True) -> bool:
    """Take a member's reply to their open prompt; False when it is an ordinary message.

    A reply that answers nothing is asked again once (the reply is kept in the thread);
    the next one that answers nothing is the caller's to handle as an ordinary message.
    `store()` keeps the reply in the thread and returns the message; it is called before
    the owner receives the answer (which carries it as `answer.message`).
    """
    at = at or timezone.now()
    service = prompt.service
    if not Prompt.thread.is_cached(prompt) and prompt.member is not None:
        # The member's private thread is the prompt's, and the event knows it already.
        prompt.thread = private_thread_for(service, prompt.member)
    answer = parse(
        text,
        kind=prompt.kind,
        options=prompt.options,
        skippable=prompt.skippable,
        wording=prompt.wording,
        language=prompt.language,
    )
    handler = owners.handler_for(prompt.owner)
    if prompt.unsent:
        return _first_reply(prompt, service, store=store, send=send, at=at)
    if answer is None:
        if prompt.reasked:
            return False
        if store is not None:
            store()
        if Prompt.objects.filter(pk=prompt.pk, state=State.OPEN, reasked=False).update(
            reasked=True
        ):
            prompt.reasked = True
            line = getattr(handler, "reask_line", None)
            said = wording.reask(prompt, service, line(prompt=prompt) if line else "")
            say(prompt, service, said, send=send, at=at)
        return True
    answer.message = store() if store is not None else None
    answer.send = send
    # A multi-step owner (the intake) names its next question first: the answered row
    # becomes that question in the one update that claims the answer.
    follow_up = getattr(handler, "follow_up", None)
    spec = follow_up(prompt=prompt, answer=answer, at=at) if follow_up else None
    answered = copy(prompt)
    if spec is not None:
        _next_fill(prompt, service, spec, at)
        claimed = Prompt.objects.filter(pk=prompt.pk, state=State.OPEN, key=answered.key).update(
            **{name: getattr(prompt, name) for name in _NEXT_FIELDS}
        )
    else:
        claimed = Prompt.objects.filter(pk=prompt.pk, state=State.OPEN).update(
            state=State.ANSWERED, closed_at=at
        )
    if claimed != 1:
        return True  # another worker took this answer first
    answered.state, answered.closed_at = State.ANSWERED, at
    handler.answered(prompt=answered, answer=answer, at=at)
    if spec is not None:
        prompt.message = say(
            prompt, service, prompt.wording, send=send, at=at, before=spec.get("before", ())
        )
    else:
        prompt.state, prompt.closed_at = State.ANSWERED, at
        queued_open_next(member=prompt.member, thread=prompt.thread, at=at, send=send)
    return True


def _first_reply(prompt, service, *, store, send: bool, at) -> bool:
    """The member answered the template that opened the conversation ("reply to start"):
    their reply is kept, and the question, recorded but never sent, goes now."""
    if store is not None:
        store()
    if Prompt.objects.filter(pk=prompt.pk, state=State.OPEN, unsent=True).update(unsent=False):
        prompt.unsent = False
        prompt.message = say(prompt, service, prompt.wording, send=send, at=at)
    return True


# What a follow-up question changes on the row it takes over.
_NEXT_FIELDS = (
    "key",
    "kind",
    "wordings",
    "wording",
    "language",
    "options",
    "skippable",
    "show_options",
    "reasked",
    "remind_at",
    "reminded_at",
    "expires_at",
    "asked_at",
)


def _next_fill(prompt, service, spec: dict, at) -> None:
    """Make `prompt` the follow-up question `spec` (prompt_ask's keywords: key, kind,
    wording, options, skippable, language, remind_at, expires_at, show_options, reask)."""
    spec_check(spec["kind"], spec["wording"])
    prompt.key, prompt.kind = spec["key"], spec["kind"]
    prompt.wordings = dict(spec["wording"])
    prompt.language = wording.language_for(
        service, prompt.member, prompt.wordings, spec.get("language", "")
    )
    prompt.options = [dict(o) for o in spec.get("options", ())]
    prompt.skippable = spec.get("skippable", False)
    prompt.show_options = spec.get("show_options", True)
    prompt.reasked = not spec.get("reask", True)
    prompt.remind_at, prompt.reminded_at = spec.get("remind_at"), None
    prompt.expires_at, prompt.asked_at = spec.get("expires_at"), at
    prompt.wording = wording.render(prompt, service)


def prompt_repeat(*, prompt: Prompt, at=None, send: bool = True, before=()):
    """Say an open prompt's question again, as it was asked (the person asked to go on)."""
    at = at or timezone.now()
    return say(prompt, prompt.service, prompt.wording, send=send, at=at, before=before)
