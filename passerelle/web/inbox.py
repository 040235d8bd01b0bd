"""The moderator inbox: threads, messages, replies and labels (full pages + htmx partials).

A face over several domain apps (a label opens a question, a thread shows its reply
tools), so it lives in web, above them all.
"""

import json
import logging
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.cases import inbox as cases_inbox
from passerelle.channels.outgoing_files import outgoing_file_for, outgoing_media
from passerelle.channels.selectors import send_summaries_attach
from passerelle.channels.types.base import SendError
from passerelle.channels.types.whatsapp import selectors as whatsapp_selectors
from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.untrusted_files import sandboxed, untrusted_file_response
from passerelle.conversations import selectors, services
from passerelle.conversations.models import Label, Thread
from passerelle.conversations.reach import reply_channel_choices, reply_destinations
from passerelle.conversations.selectors import thread_block_reason
from passerelle.conversations.services.sending import private_reply_to_group
from passerelle.faq.saved import saved_replies_filled
from passerelle.members.models import StaffAccess
from passerelle.members.services import staff_access_record
from passerelle.members.templatetags.member_tags import member_name
from passerelle.moderation.standing import standing_annotations, standing_attach, standing_of
from passerelle.orgs.selectors import role_for
from passerelle.orgs.services import staff_alerts_set
from passerelle.questions import selectors as question_selectors
from passerelle.questions.label_suggestions import label_suggestions_attach
from passerelle.questions.models import QuestionEvent
from passerelle.questions.services import message_label_set

log = logging.getLogger(__name__)

THREADS_SHOWN = 200


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _thread_context(role, thread, thread_messages=None, has_more=False, **extra):
    if thread_messages is None:
        thread_messages, has_more = selectors.messages_for(role, thread)
    # Each staff message shows how its sends stand: read for the whole page at once.
    send_summaries_attach([m for m in thread_messages if m.direction == "out"])
    # A one-click suggested label on each unlabelled message (docs/nlp.md).
    label_suggestions_attach(role, thread_messages)
    return {
        "role": role,
        "thread": thread,
        "thread_messages": thread_messages,
        "has_more": has_more,
        "last_id": thread_messages[-1].pk if thread_messages else 0,
        "labels": Label.choices,
        "can_reply": role.can("reply"),
        "can_label": role.can("label"),
        # A client with a file: the urgent action, "possibly urgent", a limit's days.
        **cases_inbox.thread_case_info(role, thread, thread_messages),
        **extra,
    }


def _view(request) -> str:
    view = request.GET.get("view", "")
    return view if view in selectors.VIEWS else ""


def _composer_context(request, role, thread) -> dict:
    """The group post a private reply answers, when "Reply privately" opened the thread."""
    quoted = None
    if reply_to_id := _int(request.GET.get("reply_to")):
        message = selectors.message_get(role, reply_to_id)
        if private_reply_to_group(thread, message):
            quoted = message
    return {"quoted": quoted}


@login_required
def saved_menu(request, slug, thread_id):
    """The saved replies, filled in for this thread: fetched when the reply box is first used."""
    role = role_for(request.user, slug, "reply")
    thread = selectors.thread_get(role, thread_id)
    return render(
        request,
        "conversations/partials/_saved_replies.html",
        {"role": role, "saved_replies": saved_replies_filled(role, thread)},
    )


@login_required
def inbox(request, slug):
    role = role_for(request.user, slug, "inbox")
    query = request.GET.get("q", "").strip()
    view = _view(request)
    # Read once: the list shown, whose first thread opens when none is asked for (a
    # search reads the messages' index once per page, not twice).
    # Where each member stands (left, removed, banned) is read with the threads.
    standing = standing_annotations()
    threads = list(
        selectors.threads_for(role, query=query, view=view, annotate=standing)[:THREADS_SHOWN]
    )
    thread_id = _int(request.GET.get("thread"))
    if thread_id:
        thread = selectors.thread_get(role, thread_id, annotate=standing)
    else:
        thread = threads[0] if threads else None
    standing_attach(threads, role.service.tz)
    if thread is not None:
        thread.standing = standing_of(thread, role.service.tz)
    context = {
        "role": role,
        "threads": threads,
        "query": query,
        "view": view,
        "views": _views(),
        "matches": selectors.search_matches(role, query),
        "urgent_files": cases_inbox.urgent_waiting(role),
    }
    if thread is not None:
        services.thread_mark_read(role=role, thread=thread)
        thread.unread_count = 0
        # A search result opens its thread at the message found, not at the newest.
        around = _int(request.GET.get("at"))
        page = selectors.messages_around(role, thread, around) if around else None
        if page is not None:
            found, has_more, has_newer = page
            context.update(
                _thread_context(role, thread, found, has_more, hit=around, has_newer=has_newer)
            )
        else:
            context.update(_thread_context(role, thread))
        if thread.kind == Thread.Kind.PRIVATE:
            context.update(
                statuses=Thread.Status.choices,
                staff=selectors.assignable_staff(role),
                reply_channels=reply_channel_choices(thread),
                reply_through=reply_destinations(thread),
            )
        if context["can_reply"]:
            context.update(_composer_context(request, role, thread))
        if thread.kind == Thread.Kind.PRIVATE and thread.member is not None:
            staff_access_record(
                service=role.service,
                member=thread.member,
                user=request.user,
                kind=StaffAccess.Kind.PRIVATE_THREAD,
            )
    return render(request, "conversations/inbox.html", context)


def _views():
    return [
        ("", _("All")),
        ("mine", _("My conversations")),
        ("unassigned", _("Unassigned")),
        ("waiting", _("Waiting for us")),
    ]


@login_required
def thread_list(request, slug):
    role = role_for(request.user, slug, "inbox")
    query = request.GET.get("q", "").strip()
    view = _view(request)
    current = _int(request.GET.get("thread"))
    threads = list(
        selectors.threads_for(role, query=query, view=view, annotate=standing_annotations())[
            :THREADS_SHOWN
        ]
    )
    standing_attach(threads, role.service.tz)
    return render(
        request,
        "conversations/partials/_threads.html",
        {"role": role, "threads": threads, "query": query, "view": view, "current_id": current},
    )


@login_required
@require_POST
def thread_status(request, slug, thread_id):
    """Change the conversation's status, assignee or reply channel from its header (a form: works
    without JavaScript), then show the conversation again."""
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id)
    try:
        if "assignee" in request.POST:
            assignee = _int(request.POST["assignee"])
            services.thread_assign(role=role, thread=thread, assignee_id=assignee)
        elif "reply_channel" in request.POST:
            channel_id = _int(request.POST["reply_channel"])
            services.thread_reply_channel_set(role=role, thread=thread, channel_id=channel_id)
        else:
            services.thread_status_set(
                role=role,
                thread=thread,
                status=request.POST.get("status", ""),
                snoozed_until=_snooze_time(request.POST.get("until", ""), role.service.tz),
            )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    back = f"/s/{slug}/inbox/?thread={thread.pk}"
    if (view := request.POST.get("view", "")) in selectors.VIEWS:
        back += f"&view={view}"
    return redirect(back)


def _snooze_time(value: str, tz):
    """A datetime-local field's value, in the service's time zone (None if empty or bad)."""
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    return at.replace(tzinfo=tz) if at.tzinfo is None else at


@login_required
def new_messages(request, slug, thread_id):
    """Messages after `after`, appended by the page's poller; 204 when there are none."""
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id)
    after = _int(request.GET.get("after")) or 0
    messages = list(
        thread.messages.filter(pk__gt=after).select_related("member", "author", "reply_to")[:100]
    )
    if not messages:
        return HttpResponse(status=204)
    services.thread_mark_read(role=role, thread=thread)
    return render(
        request,
        "conversations/partials/_new_messages.html",
        _thread_context(role, thread, thread_messages=messages, last_id=messages[-1].pk),
    )


@login_required
def older_messages(request, slug, thread_id):
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id)
    messages, has_more = selectors.messages_for(
        role, thread, before_id=_int(request.GET.get("before"))
    )
    return render(
        request,
        "conversations/partials/_older_messages.html",
        _thread_context(role, thread, thread_messages=messages, has_more=has_more),
    )


@login_required
@require_POST
def reply(request, slug, thread_id):
    role = role_for(request.user, slug, "inbox")
    thread = selectors.thread_get(role, thread_id, annotate=standing_annotations())
    htmx = bool(request.headers.get("HX-Request"))
    # The inbox's form sent without JavaScript comes back to the page, not to a fragment.
    plain_form = not htmx and request.POST.get("from_page") == "inbox"
    back = f"/s/{slug}/inbox/?thread={thread.pk}"
    standing = standing_of(thread, role.service.tz)
    # A platform rule that refuses any reply (an SMS STOP) is said at once: no confirmation
    # would make it go out.
    blocked = standing is not None and thread_block_reason(thread, now=timezone.now())
    if standing is not None and not blocked and not confirmed(request):
        # The person left or was removed: the moderator says they mean it (the dialog of
        # hx-confirm with JavaScript, this step without it or from a page opened before).
        if htmx:
            return render(
                request,
                "conversations/partials/_reply_confirm.html",
                {"standing": standing},
                status=422,
            )
        response = confirm_page(
            request,
            question=standing.warning,
            detail=standing.line,
            button=_("Send anyway"),
            cancel_url=back,
        )
        response.status_code = 409
        return response
    reply_to_id = _int(request.POST.get("reply_to"))
    reply_to = selectors.message_get(role, reply_to_id) if reply_to_id else None
    media = None
    if attached := request.POST.get("media", "").strip():
        media = _attached_media(role, attached)
    try:
        if attached and media is None:
            raise ValidationError(_("The attached file is no longer available: attach it again."))
        message = services.message_reply(
            role=role,
            thread=thread,
            text=request.POST.get("text", ""),
            reply_to=reply_to,
            media=media,
        )
        if label := request.POST.get("label"):
            message_label_set(role=role, message=message, label=label)
    except (ValidationError, PermissionDenied) as exc:
        text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        if plain_form:
            messages.error(request, text)
            return redirect(back)
        return render(
            request, "conversations/partials/_reply_error.html", {"error": text}, status=422
        )
    if plain_form:
        # The form sent without JavaScript: back to the conversation, the reply in it.
        return redirect(back)
    after = _int(request.POST.get("after")) or 0
    messages_after = list(thread.messages.filter(pk__gt=after).select_related("member", "author"))
    return render(
        request,
        "conversations/partials/_new_messages.html",
        _thread_context(
            role, thread, thread_messages=messages_after, last_id=message.pk, clear_error=True
        ),
    )


def _attached_media(role, value: str) -> dict | None:
    # The form sends back what the upload answered; only its token is taken from it.
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return outgoing_media(role.service.org_id, parsed)


@login_required
@require_POST
def label(request, slug, message_id):
    role = role_for(request.user, slug, "inbox")
    message = selectors.message_get(role, message_id)
    try:
        message_label_set(role=role, message=message, label=request.POST.get("label", ""))
    except ValidationError as exc:
        return HttpResponse(exc.messages[0], status=422)
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    return render(
        request,
        "conversations/partials/_message.html",
        {
            "m": message,
            "thread": message.thread,
            "labels": Label.choices,
            "can_label": True,
            "role": role,
            **cases_inbox.thread_case_info(role, message.thread, [message]),
        },
    )


@login_required
@require_POST
def language(request, slug, message_id):
    """A moderator corrects the language a member's message was found in."""
    role = role_for(request.user, slug, "inbox")
    message = selectors.message_get(role, message_id)
    try:
        services.message_language_set(
            role=role, message=message, language=request.POST.get("language", "")
        )
    except ValidationError as exc:
        return HttpResponse(exc.messages[0], status=422)
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('conversations:inbox', args=[slug])}?thread={message.thread_id}")
    return render(
        request,
        "conversations/partials/_message.html",
        {
            "m": message,
            "thread": message.thread,
            "labels": Label.choices,
            "can_label": role.can("label"),
            "role": role,
        },
    )


@login_required
@require_POST
def private_thread(request, slug, message_id):
    """Open (or start) the private conversation with the author of a message.

    A POST: it may create the thread, and a GET that writes could be triggered by any page
    the moderator visits (an <img src> pointing here)."""
    role = role_for(request.user, slug, "inbox")
    message = selectors.message_get(role, message_id)
    if message.member is None:
        return redirect("conversations:inbox", slug)
    thread = services.private_thread_for(role.service, message.member)
    # The composer opens quoting the post and the reply is linked to it (reply_to).
    return redirect(f"/s/{slug}/inbox/?thread={thread.pk}&reply_to={message.pk}")


@login_required
def message_media(request, slug, message_id):
    """Stream a member's voice note, photo or document, fetched from the platform on demand.

    The member chose the bytes, the name and the declared type: see common.untrusted_files
    for what is shown inline (only what the bytes prove) and how every answer is sandboxed.
    """
    role = role_for(request.user, slug, "inbox")
    message = selectors.message_get(role, message_id)
    if message.thread.kind == Thread.Kind.PRIVATE and not role.can("see_private_files"):
        # A volunteer, where the service keeps members' private files from them.
        return sandboxed(_plain(_("You cannot open files members send privately."), status=403))
    media = (message.extra or {}).get("media")
    if media and media.get("file") and message.direction == "out":
        # A staff file: kept by Passerelle, whatever platforms it went to.
        stored = outgoing_file_for(message.org_id, media)
        if stored is None:
            return sandboxed(_plain(_("This message has no file"), status=404))
        return untrusted_file_response(bytes(stored.data), stored.file_name)
    if not media or message.channel is None:
        return sandboxed(_plain(_("This message has no file"), status=404))
    try:
        data, _declared_type = message.channel.channel_type.media_fetch(message.channel, media)
    except SendError as exc:
        log.warning("media of message %s not fetched: %s", message.pk, exc)
        reason = _("The platform did not give the file: %(reason)s") % {"reason": exc}
        return sandboxed(_plain(reason, status=502))
    return untrusted_file_response(data, media.get("file_name") or "")


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _error_text(exc) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


@login_required
@require_POST
def template_send(request, slug, thread_id):
    """Send one approved WhatsApp template in a private thread (the window being closed)."""
    role = role_for(request.user, slug, "reply")
    # A partner specialist acts only on the threads of questions assigned to them.
    thread = question_selectors.thread_get(role, thread_id)
    template = whatsapp_selectors.template_get(role, request.POST.get("template"))
    params = [request.POST.get(f"param_{n}", "") for n in template.param_range]
    try:
        services.template_send(role=role, thread=thread, template=template, params=params)
    except (ValidationError, PermissionDenied) as exc:
        context = {"error": _error_text(exc), "sent": False}
        status = 422
    else:
        context = {"error": "", "sent": True, "template": template}
        status = 200
    if not request.headers.get("HX-Request"):
        if context["error"]:
            messages.error(request, context["error"])
        return redirect(f"/s/{slug}/inbox/?thread={thread.pk}")
    return render(request, "whatsapp/_template_result.html", context, status=status)


@login_required
def alerts(request, slug):
    """What the inbox's alerts announce since the page's cursors (`m`: messages, `q`:
    question events); without them, only where they stand (nothing is announced twice,
    nothing from before the page opened)."""
    role = role_for(request.user, slug, "inbox")
    messages_after, questions_after = _int(request.GET.get("m")), _int(request.GET.get("q"))
    found, m = selectors.private_messages_after(role, messages_after)
    events, q = question_selectors.question_alerts_after(role, questions_after)
    urgent, u = cases_inbox.urgent_alerts_after(role, _int(request.GET.get("u")))
    inbox = reverse("conversations:inbox", args=[slug])
    items = [
        {
            "kind": "message",
            "title": _("New private message from %(name)s") % {"name": member_name(msg.member)},
            "body": Truncator(msg.text).chars(120),
            "url": f"{inbox}?thread={msg.thread_id}",
        }
        for msg in found
    ]
    for event in events:
        due_soon = event.kind == QuestionEvent.Kind.DUE_SOON
        items.append(
            {
                "kind": "due_soon" if due_soon else "question",
                "title": _("A question is about to breach its due time")
                if due_soon
                else _("New question"),
                "body": Truncator(event.question.message.text).chars(120),
                "url": reverse("questions:detail", args=[slug, event.question_id]),
            }
        )
    for event in urgent:
        items.append(
            {
                "kind": "urgent",
                "title": _("Urgent: %(name)s is at risk")
                % {"name": member_name(event.file.member)},
                "body": Truncator(event.message.text if event.message else event.reason).chars(120),
                "url": reverse("case_actions:protocol", args=[slug, event.file_id]),
            }
        )
    return JsonResponse({"m": m, "q": q, "u": u, "alerts": items})


@login_required
@require_POST
def alerts_settings(request, slug):
    """A staff member turns their own sound and browser notifications on or off."""
    role = role_for(request.user, slug, "inbox")
    staff_alerts_set(
        role=role, sound=bool(request.POST.get("sound")), browser=bool(request.POST.get("browser"))
    )
    messages.success(request, _("Your alert settings are saved."))
    return redirect("conversations:inbox", slug)
