"""The after-hours auto-reply of private chats and SMS, and how opening hours read to members."""

import logging

from django.db import IntegrityError, transaction
from django.utils import dates, formats, timezone, translation

from passerelle.conversations.models import Message, Thread
from passerelle.conversations.services import message_send_system
from passerelle.faq import texts
from passerelle.faq.canned import canned_template, fill
from passerelle.questions.models import AfterHoursReply
from passerelle.questions.standards import due_at, is_open, next_opening
from passerelle.questions.waiting import standard_configured

log = logging.getLogger(__name__)


def _word(key: str, language: str) -> str:
    words = texts.WORDS[key]
    return words.get(language) or words["en"]


def _clock(t) -> str:
    return f"{t.hour}:{t.minute:02d}"


def opening_hours_text(spec, language: str) -> str:
    """'Monday to Friday 9:00–17:00' in the member's language, from a StandardSpec."""
    groups: list[tuple[list[int], str]] = []
    for day in range(7):
        periods = ", ".join(
            f"{_clock(start)}–{_clock(end)}" for start, end in spec.opening_hours.get(day, [])
        )
        if groups and periods and groups[-1][1] == periods and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        elif periods:
            groups.append(([day], periods))
    with translation.override(language):
        parts = []
        for days, periods in groups:
            first, last = str(dates.WEEKDAYS[days[0]]), str(dates.WEEKDAYS[days[-1]])
            if len(days) == 1:
                label = first
            elif len(days) == 2:
                label = first + _word("and", language) + last
            else:
                label = _word("day_range", language).format(first=first, last=last)
            parts.append(f"{label} {periods}")
        return _word("list", language).join(parts)


def moment_text(moment, tz, language: str) -> str:
    """A local date and time written for a member, e.g. 'Monday 7 December 9:00'."""
    local = moment.astimezone(tz)
    with translation.override(language):
        return f"{formats.date_format(local, 'l j F')} {_clock(local.time())}"


def after_hours_reply_send(*, message: Message) -> Message | None:
    """Auto-reply to a private message received while closed, once per closed period."""
    if message.direction != Message.Direction.IN or message.thread.kind != Thread.Kind.PRIVATE:
        return None
    # Only a service that set up its standard promises hours to its members.
    standard = standard_configured(message.service_id)
    if standard is None or not standard.after_hours_reply:
        return None
    spec = standard.as_spec()
    at = message.created_at
    if is_open(at, spec):
        return None
    reopens = next_opening(at, spec)
    if reopens <= timezone.now():
        return None  # delivered late: that closed period is over already
    try:
        with transaction.atomic():
            row = AfterHoursReply.objects.create(
                org_id=message.org_id,
                thread_id=message.thread_id,
                reopens_at=reopens,
                created_at=timezone.now(),
            )
    except IntegrityError:
        return None  # this closed period already got its auto-reply
    member = message.member
    language = (member.language if member else "") or message.language
    template, used = canned_template(message.service, texts.AFTER_HOURS, language)
    text = fill(
        template,
        {
            "name": member.display_name if member else "",
            "hours": opening_hours_text(spec, used),
            "reply_by": moment_text(due_at(at, spec), spec.tz, used),
        },
    )
    reply = message_send_system(thread=message.thread, text=text, reply_to=message, language=used)
    AfterHoursReply.objects.filter(pk=row.pk).update(message=reply)
    log.info("after-hours reply %s sent in thread %s", reply.pk, message.thread_id)
    return reply
