"""Writes for prompts: asking, taking the answer, asking again, cancelling, forgetting.

One open prompt per member per private thread (the constraint prompt_one_open_per_thread):
a prompt asked while another is open waits in the queue and is asked when that one closes.
The owner named by the prompt receives the answer (owners.register).
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.selectors import destinations_for
from passerelle.conversations.services import (
    message_record,
    message_send_system,
    messages_send_system_many,
    private_thread_for,
    private_threads_for_many,
)
from passerelle.prompts import wording
from passerelle.prompts.models import Prompt

State = Prompt.State
OPEN_OR_QUEUED = (State.OPEN, State.QUEUED)


def spec_check(kind: str, wordings) -> None:
    if kind not in Prompt.Kind.values:
        raise ValueError(f"unknown prompt kind {kind!r}")
    if not wordings:
        raise ValueError("a prompt needs a wording in at least one language")


def _build(
    *,
    service,
    member,
    thread,
    channel,
    owner,
    owner_id,
    key,
    kind,
    wording_,
    options,
    skippable,
    language,
    expires_at,
    remind_at,
    show_options,
    reask,
    at,
) -> Prompt:
    spec_check(kind, wording_)
    return Prompt(
        org_id=service.org_id,
        service=service,
        member=member,
        thread=thread,
        channel=channel,
        owner=owner,
        owner_id=owner_id,
        key=key,
        kind=kind,
        wordings=dict(wording_),
        language=wording.language_for(service, member, wording_, language),
        options=[dict(o) for o in options],
        skippable=skippable,
        show_options=show_options,
        reasked=not reask,
        expires_at=expires_at,
        remind_at=remind_at,
        created_at=at,
    )


def say(prompt, service, text, *, send: bool, at, before=()):
    """Say `text` (after the `before` texts, in one batch) in the prompt's thread; the
    message of `text`."""
    thread = prompt.thread
    # What the send reads (the member's language and addresses, the service's time
    # zone) is already in hand.
    thread.member, thread.service = prompt.member, service
    if not send:
        for said in before:
            message_record(
                thread=thread, direction="out", text=said, language=prompt.language, at=at
            )
        return message_record(
            thread=thread, direction="out", text=text, language=prompt.language, at=at
        )
    if not before:
        return message_send_system(thread=thread, text=text, language=prompt.language)
    # One insert for the introduction and the question, as one message costs.
    destinations = destinations_for(thread)
    messages = messages_send_system_many(
        sends=[(thread, said, prompt.language, destinations) for said in (*before, text)]
    )
    return messages[-1]


def _bump(*, member, thread) -> int:
    """Put the member's open prompt here back in the queue: a question that must go first
    (the intake of someone coming back) is asked, and the other is asked again after."""
    return Prompt.objects.filter(member=member, thread=thread, state=State.OPEN).update(
        state=State.QUEUED, asked_at=None
    )


def _open(prompt, service, *, at, send: bool = True, before=()) -> bool:
    """Make `prompt` the open one and ask it; False when another is open already."""
    prompt.language = wording.language_for(service, prompt.member, prompt.wordings, prompt.language)
    prompt.state, prompt.asked_at = State.OPEN, at
    prompt.wording = wording.render(prompt, service)
    try:
        # A savepoint: the constraint, not a lock, settles two asks racing for one thread.
        with transaction.atomic():
            if prompt.pk is None:
                prompt.save(force_insert=True)
            else:
                opened = Prompt.objects.filter(pk=prompt.pk, state=State.QUEUED).update(
                    state=State.OPEN, asked_at=at, wording=prompt.wording, language=prompt.language
                )
                if opened != 1:
                    return False
    except IntegrityError:
        prompt.state, prompt.asked_at, prompt.wording = State.QUEUED, None, ""
        return False
    prompt.message = say(prompt, service, prompt.wording, send=send, at=at, before=before)
    return True


def prompt_ask(
    *,
    service,
    member,
    channel,
    owner: str,
    owner_id: int,
    key: str,
    kind: str,
    wording: dict[str, str],
    options: list[dict] = (),
    skippable: bool = False,
    language: str = "",
    expires_at=None,
    remind_at=None,
    at=None,
    send: bool = True,
    show_options: bool = True,
    reask: bool = True,
    before=(),
    first: bool = False,
) -> Prompt:
    """Ask `member` privately now, or queue the question behind their open prompt.

    `wording` is {language: text}; the member reads it in their language with the options
    numbered from 1 (`show_options=False` when the wording lists them itself). `reask=False`
    treats a reply that answers nothing as an ordinary message at once. `before` are texts
    said just before the question, in the same batch (an introduction, the text the
    question is about). `first` asks it even when another prompt is open: that one goes
    back to the queue and is asked again after. `send=False` records the question in the
    thread without sending it (demo, import). The sent message is `prompt.message` (None
    while queued).
    """
    at = at or timezone.now()
    thread = private_thread_for(service, member)
    if first:
        _bump(member=member, thread=thread)
    prompt = _build(
        service=service,
        member=member,
        thread=thread,
        channel=channel,
        owner=owner,
        owner_id=owner_id,
        key=key,
        kind=kind,
        wording_=wording,
        options=options,
        skippable=skippable,
        language=language,
        expires_at=expires_at,
        remind_at=remind_at,
        show_options=show_options,
        reask=reask,
        at=at,
    )
    prompt.message = None
    if not _open(prompt, service, at=at, send=send, before=before):
        prompt.state = State.QUEUED
        prompt.save(force_insert=True)
    return prompt


def prompts_ask_many(*, service, asks: list[dict], at=None, addresses=None) -> list[Prompt]:
    """prompt_ask for many members of one service (a sweep): a few statements in all.

    `asks` are prompt_ask's keyword arguments without `service`; `addresses` the members'
    addresses when the caller read them already (conversations.reach.reach_for_many).
    Who already has an open prompt is read with the threads; the new prompts are written in one
    insert and their questions sent in one batch. `prompt.message` is the sent message.
    """
    at = at or timezone.now()
    if not asks:
        return []
    members = list({ask["member"].pk: ask["member"] for ask in asks}.values())
    # Who is busy answering another question, read with the threads.
    open_here = Prompt.objects.filter(thread=OuterRef("pk"), state=State.OPEN)
    threads = private_threads_for_many(
        service, members, annotate={"prompt_open": Exists(open_here)}
    )
    if addresses is None:
        addresses = reach_for_many(members, service.pk)
    busy = {thread.pk for thread in threads.values() if thread.prompt_open}
    prompts, sends = [], []
    for ask in asks:
        ask = dict(ask)
        member = ask.pop("member")
        thread = threads[member.pk]
        prompt = _build(
            service=service,
            member=member,
            thread=thread,
            channel=ask.pop("channel", None),
            wording_=ask.pop("wording"),
            options=ask.pop("options", ()),
            skippable=ask.pop("skippable", False),
            language=ask.pop("language", ""),
            expires_at=ask.pop("expires_at", None),
            remind_at=ask.pop("remind_at", None),
            show_options=ask.pop("show_options", True),
            reask=ask.pop("reask", True),
            at=at,
            **ask,
        )
        prompt.message = None
        if thread.pk not in busy:
            busy.add(thread.pk)
            prompt.state, prompt.asked_at = State.OPEN, at
            # No destination can carry it now (a template opens the conversation).
            prompt.unsent = not addresses.get(member.pk)
            prompt.wording = wording.render(prompt, service)
            sends.append(
                (prompt, (thread, prompt.wording, prompt.language, addresses.get(member.pk, [])))
            )
        prompts.append(prompt)
    # In the caller's transaction (a sweep's batch): the prompts and their sends go together.
    Prompt.objects.bulk_create(prompts)
    messages = messages_send_system_many(sends=[send for _p, send in sends], at=at)
    for (prompt, _send), message in zip(sends, messages, strict=True):
        prompt.message = message
    return prompts


def queued_open_next(*, member, thread, at=None, send: bool = True) -> Prompt | None:
    """Ask the oldest queued prompt of this member here, unless one is open already."""
    at = at or timezone.now()
    queued = (
        Prompt.objects.filter(member=member, thread=thread, state=State.QUEUED)
        .select_related("service")
        .order_by("created_at", "id")
        .first()
    )
    if queued is None:
        return None
    queued.member, queued.thread = member, thread
    return queued if _open(queued, queued.service, at=at, send=send) else None


def prompt_cancel(*, owner: str, owner_id: int, at=None) -> int:
    """Close an owner row's open and queued prompts unanswered ("/stop survey", a member
    who left); the next queued prompt of the member is then asked. How many closed."""
    at = at or timezone.now()
    prompts = list(
        Prompt.objects.filter(
            owner=owner, owner_id=owner_id, state__in=OPEN_OR_QUEUED
        ).select_related("member", "thread")
    )
    if not prompts:
        return 0
    Prompt.objects.filter(pk__in=[p.pk for p in prompts], state__in=OPEN_OR_QUEUED).update(
        state=State.CANCELLED, closed_at=at
    )
    for prompt in prompts:
        if prompt.state == State.OPEN and prompt.member is not None:
            queued_open_next(member=prompt.member, thread=prompt.thread, at=at)
    return len(prompts)


def prompts_forget(*, owner: str, owner_id: int) -> int:
    """Delete an owner row's closed prompts, the only rows of the engine that link its
    answers to a member (an anonymous survey's response once complete). How many."""
    deleted, _by_model = Prompt.objects.filter(
        owner=owner, owner_id=owner_id, state__in=Prompt.CLOSED_STATES
    ).delete()
    return deleted


def prompts_erase_for_member(*, member) -> int:
    """The person's data is being erased: their prompts go (owners keep their own rows)."""
    deleted, _by_model = Prompt.objects.filter(member=member).delete()
    return deleted
