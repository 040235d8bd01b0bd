"""Reads about prompts."""

from passerelle.prompts.models import Prompt


def prompt_open_for(*, member, thread, service=None, lock: bool = False) -> Prompt | None:
    """The prompt waiting for this member's answer in this private thread (a Thread or its
    id), if any; with `thread=None`, in their private thread with `service`. `lock` reads
    it under its row lock (two quick replies, one answer)."""
    if member is None or (thread is None and service is None):
        return None
    prompts = Prompt.objects.filter(member=member, state=Prompt.State.OPEN)
    if thread is not None:
        prompts = prompts.filter(thread_id=getattr(thread, "pk", thread))
    else:
        prompts = prompts.filter(service=service)
    if lock:
        prompts = prompts.select_for_update()
    prompt = prompts.first()
    if prompt is not None:
        # Both in hand already: the answer's handling reads neither again.
        prompt.member = member
        if service is not None and prompt.service_id == service.pk:
            prompt.service = service
    return prompt


def prompt_open_of(*, owner: str, owner_id: int) -> Prompt | None:
    """The open prompt of one owner row (the intake's current question), if any."""
    return (
        Prompt.objects.filter(owner=owner, owner_id=owner_id, state=Prompt.State.OPEN)
        .select_related("service", "member", "thread")
        .first()
    )


def prompts_of(*, owner: str, owner_id: int):
    """The prompts one owner row asked, in the order they were asked."""
    return Prompt.objects.filter(owner=owner, owner_id=owner_id).order_by("created_at", "id")
