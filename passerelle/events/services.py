"""Events' writes: an event on a post, registrations (by reply, in the group, by staff),
the waiting list, and the day-before reminder sweep. The only writer of Event and
Registration."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.communities.notify import member_language, member_notify_text
from passerelle.conversations.reach import reach_for_many
from passerelle.conversations.services import messages_send_system_many, private_threads_for_many
from passerelle.events.models import Event, Registration
from passerelle.events.texts import TEXTS, event_of_post, params_of, say
from passerelle.orgs.permissions import require
from passerelle.prompts.parsing import normalize
from passerelle.prompts.services import prompts_ask_many

OWNER = "event"
# The private question waits at most this long (and never past the event's start): an
# open prompt holds the member's other questions (a survey) behind it.
QUESTION_OPEN = timedelta(days=3)
REMINDER_BEFORE = timedelta(days=1)
REMINDERS_PER_TICK = 200
State = Registration.State


def event_save(*, role, post, starts_at, place="", link="", capacity=None, at=None) -> Event:
    """Give a post its event, or change it, while the post can still be edited."""
    require(role, "publish")
    at = at or timezone.now()
    if post.service_id != role.service.pk:
        raise ValidationError(_("This post belongs to another service."))
    if not post.editable:
        raise ValidationError(_("This post has gone out: its event can no longer change."))
    if starts_at <= at:
        raise ValidationError(_("Choose a date and time in the future for the event."))
    if starts_at <= post.scheduled_at:
        raise ValidationError(_("The event must start after the post goes out."))
    if capacity is not None and capacity < 1:
        raise ValidationError(_("The capacity is at least 1 (leave it empty for no limit)."))
    event, _created = Event.objects.update_or_create(
        post=post,
        defaults={
            "org_id": post.org_id,
            "service_id": post.service_id,
            "starts_at": starts_at,
            "place": (place or "").strip(),
            "link": (link or "").strip(),
            "capacity": capacity,
        },
        create_defaults={
            "org_id": post.org_id,
            "service_id": post.service_id,
            "starts_at": starts_at,
            "place": (place or "").strip(),
            "link": (link or "").strip(),
            "capacity": capacity,
            "created_at": at,
        },
    )
    return event


def event_remove(*, role, post) -> int:
    """The post announces no event any more (before it goes out)."""
    require(role, "publish")
    if post.service_id != role.service.pk or not post.editable:
        raise ValidationError(_("This post has gone out: its event can no longer change."))
    return Event.objects.filter(post=post).delete()[0]


def _notify(event, member, key: str) -> None:
    language = member_language(event.service, member)
    member_notify_text(
        service=event.service,
        member=member,
        text=say(key, language, **params_of(event, language)),
        language=language,
    )


def registration_add(*, event: Event, member, via: str, at=None, by=None) -> Registration:
    """Register a member (idempotent): registered while places remain, else waiting.

    The event row is locked while places are counted, so two replies at once never take
    the last place twice. The member is told where they stand.
    """
    at = at or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        existing = Registration.objects.filter(event=event, member=member).first()
        if existing is not None and existing.state != State.CANCELLED:
            _notify(event, member, "already" if existing.state == State.REGISTERED else "waiting")
            return existing
        taken = Registration.objects.filter(event=event, state=State.REGISTERED).count()
        full = locked.capacity is not None and taken >= locked.capacity
        state = State.WAITING if full else State.REGISTERED
        if existing is not None:
            existing.state, existing.via, existing.changed_at, existing.changed_by = (
                state,
                via,
                at,
                by,
            )
            existing.save(update_fields=["state", "via", "changed_at", "changed_by"])
            registration = existing
        else:
            registration = Registration.objects.create(
                org_id=event.org_id,
                event=event,
                member=member,
                state=state,
                via=via,
                registered_at=at,
                changed_at=at,
                changed_by=by,
            )
        _notify(event, member, "waiting" if full else "registered")
    return registration


def registration_add_by_staff(*, role, event: Event, member, at=None) -> Registration:
    require(role, "publish")
    if event.service_id != role.service.pk:
        raise ValidationError(_("This event belongs to another service."))
    return registration_add(event=event, member=member, via="staff", at=at, by=role.user)


def registration_cancel(*, role, registration: Registration, at=None) -> Registration | None:
    """Staff cancel a registration; the first on the waiting list takes the place.

    Returns the promoted registration, if one was."""
    require(role, "publish")
    event = registration.event
    if event.service_id != role.service.pk:
        raise ValidationError(_("This event belongs to another service."))
    at = at or timezone.now()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        was = Registration.objects.filter(pk=registration.pk).values_list("state", flat=True)
        if not was or was[0] == State.CANCELLED:
            return None
        Registration.objects.filter(pk=registration.pk).update(
            state=State.CANCELLED, changed_at=at, changed_by=role.user
        )
        _notify(event, registration.member, "cancelled")
        if was[0] != State.REGISTERED:
            return None
        promoted = (
            Registration.objects.filter(event=event, state=State.WAITING)
            .select_related("member")
            .order_by("registered_at", "pk")
            .first()
        )
        if promoted is None:
            return None
        Registration.objects.filter(pk=promoted.pk).update(
            state=State.REGISTERED, changed_at=at, changed_by=role.user
        )
        _notify(event, promoted.member, "promoted")
    return promoted


def _option_words() -> list[str]:
    words = {"1", "oui", "yes", "ok", "نعم", "١"}
    words |= {normalize(label) for label in TEXTS["register_option"].values()}
    return sorted(words)


def registrations_ask(post, rows, now) -> None:
    """posts.hooks: after an event's private sends, ask each member reached whether they
    register (a prompt, answered by replying 1), in the batch's transaction."""
    event = event_of_post(post)
    if event is None or post.audience == post.Audience.GROUP or event.starts_at <= now:
        return
    reached = [r for r in rows if r.member_id is not None and r.message_id and not r.with_template]
    if not reached:
        return
    expires = min(event.starts_at, now + QUESTION_OPEN)
    option = {"value": "register", "labels": TEXTS["register_option"], "words": _option_words()}
    by_service: dict[int, list] = {}
    for r in reached:
        by_service.setdefault(r.service_id, []).append(r)
    for recipients in by_service.values():
        service = recipients[0].service
        asks = [
            {
                "member": r.member,
                "owner": OWNER,
                "owner_id": event.pk,
                "key": "register",
                "kind": "choice",
                "wording": {
                    code: say("register_question", code, **params_of(event, code))
                    for code in TEXTS["register_question"]
                },
                "options": [option],
                "show_options": False,
                "reask": False,
                "language": r.language,
                "expires_at": expires,
            }
            for r in recipients
        ]
        prompts_ask_many(service=service, asks=asks, at=now)


def event_for_group_reply(message):
    """The event a group message answers, when it replies 1 to an event's group post."""
    if message.reply_to_id is None or normalize(message.text or "") not in _option_words():
        return None
    # Group recipients (no member) are one row per service per post: a small set.
    return (
        Event.objects.filter(
            post__recipients__message_id=message.reply_to_id,
            post__recipients__member__isnull=True,
        )
        .select_related("service", "post")
        .first()
    )


def group_reply_register(*, message, at=None) -> Registration | None:
    """A member replied 1 to an event's post in the group: they register (told privately)."""
    event = event_for_group_reply(message)
    if event is None or message.member_id is None or event.starts_at <= (at or timezone.now()):
        return None
    return registration_add(event=event, member=message.member, via="group_reply", at=at)


def event_reminders_sweep(now=None) -> int:
    """Scheduler job: the day before an event, remind everyone registered (once)."""
    now = now or timezone.now()
    due = list(
        Event.objects.filter(
            reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMINDER_BEFORE
        )
        .select_related("service", "post")
        .order_by("starts_at")[:20]
    )
    sent = 0
    for event in due:
        with transaction.atomic():
            if not Event.objects.filter(pk=event.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue  # another scheduler has it
            registrations = list(
                Registration.objects.filter(event=event, state=State.REGISTERED)
                .select_related("member")
                .order_by("pk")[: REMINDERS_PER_TICK * 10]
            )
            members = [r.member for r in registrations]
            service = event.service
            addresses = reach_for_many(members, service.pk)
            threads = private_threads_for_many(service, members)
            sends = []
            for member in members:
                if not addresses.get(member.pk):
                    continue
                language = member_language(service, member)
                text = say("reminder", language, **params_of(event, language))
                sends.append((threads[member.pk], text, language, addresses[member.pk]))
            messages_send_system_many(sends=sends, at=now)
            sent += len(sends)
    return sent


def registrations_erase_for_member(*, member) -> int:
    """privacy.erasure: the person's registrations go (the counts of an event past are
    not kept per person)."""
    return Registration.objects.filter(member=member).delete()[0]
