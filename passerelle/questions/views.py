"""Question pages: the inbox views, one question, its panel and the actions on it."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.common.pages import page_get
from passerelle.common.tz import tz_data_text
from passerelle.conversations import selectors as conversations
from passerelle.faq.models import FaqEntry
from passerelle.orgs.permissions import require
from passerelle.orgs.selectors import role_for
from passerelle.questions import selectors, services, verification
from passerelle.questions.forms import ServiceStandardForm
from passerelle.questions.panel import question_card_context, thread_panel_context

PAGE_SIZE = 25
# A search counts its matches this far past the page shown (common.pages.page_get):
# a common word matches a tenth of the history, and counting it all grew with it.
SEARCH_COUNT_AHEAD = 100


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def question_list(request, slug):
    role = role_for(request.user, slug)
    view = request.GET.get("view", "open")
    if view not in selectors.VIEWS:
        view = "open"
    query = request.GET.get("q", "").strip()
    now = timezone.now()
    page = page_get(
        selectors.questions_for(role, view=view, query=query, now=now),
        PAGE_SIZE,
        request.GET.get("page"),
        # A search counts a few pages ahead, not every match in the history.
        count_ahead=SEARCH_COUNT_AHEAD if query else None,
    )
    month_start = selectors.local_midnight(role, now).replace(day=1)
    return render(
        request,
        "questions/list.html",
        {
            "role": role,
            "page": page,
            "view": view,
            "query": query,
            "now": now,
            "counts": selectors.question_counts(role, now),
            "alerts": selectors.recent_alerts(role),
            "verifications": selectors.verification_counts(role, month_start, now),
        },
    )


@login_required
def question_detail(request, slug, question_id):
    role = role_for(request.user, slug)
    question = selectors.question_get(role, question_id)
    return render(
        request,
        "questions/detail.html",
        {
            "role": role,
            "question": question,
            "events": question.events.select_related("actor").order_by("created_at", "id"),
            "card": question_card_context(role, question, expanded=True),
        },
    )


@login_required
def question_card(request, slug, question_id):
    role = role_for(request.user, slug)
    question = selectors.question_get(role, question_id)
    return render(
        request,
        "questions/partials/_card.html",
        {"role": role, "card": question_card_context(role, question, expanded=True)},
    )


@login_required
def thread_panel(request, slug, thread_id):
    role = role_for(request.user, slug)
    thread = selectors.thread_get(role, thread_id)
    return render(
        request, "questions/partials/_thread_panel.html", thread_panel_context(role, thread)
    )


def _respond(request, role, question, error: str = "", notice: str = ""):
    """The refreshed card for htmx; a redirect to the question page otherwise."""
    if request.headers.get("HX-Request"):
        question = selectors.question_get(role, question.pk)
        context = question_card_context(role, question, expanded=True, error=error, notice=notice)
        return render(
            request,
            "questions/partials/_card.html",
            {"role": role, "card": context},
            status=422 if error else 200,
        )
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("questions:detail", role.service.slug, question.pk)


def _action(request, slug, question_id, work, notice=""):
    role = role_for(request.user, slug)
    question = selectors.question_get(role, question_id)
    try:
        work(role, question)
    except ValidationError as exc:
        return _respond(request, role, question, error=exc.messages[0])
    except PermissionDenied as exc:
        return _respond(request, role, question, error=str(exc))
    return _respond(request, role, question, notice=notice)


@login_required
@require_POST
def acknowledge(request, slug, question_id):
    def work(role, question):
        services.question_acknowledge(
            role=role, question=question, text=request.POST.get("text", "")
        )

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def assign(request, slug, question_id):
    def work(role, question):
        value = request.POST.get("assignee", "")
        if value == "me":
            assignee = request.user
        elif value:
            assignee = (
                get_user_model()
                .objects.filter(pk=_int(value), staff_roles__service_id=role.service_id)
                .first()
            )
            if assignee is None:
                raise ValidationError(_("Unknown staff member."))
        else:
            assignee = None
        services.question_assign(role=role, question=question, assignee=assignee)

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def answer(request, slug, question_id):
    def work(role, question):
        entry = None
        if entry_id := _int(request.POST.get("faq_entry")):
            entry = FaqEntry.objects.filter(pk=entry_id, service_id=role.service_id).first()
            if entry is None:
                raise Http404("No such FAQ entry")
        services.question_answer(
            role=role,
            question=question,
            text=request.POST.get("text", ""),
            faq_entry=entry,
            faq_rank=_int(request.POST.get("faq_rank")) if entry else None,
        )

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def mark_answered(request, slug, question_id):
    def work(role, question):
        message = conversations.message_get(role, _int(request.POST.get("message")))
        services.question_mark_answered(role=role, question=question, message=message)

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def verify_member_answer(request, slug, question_id):
    def work(role, question):
        message = conversations.message_get(role, _int(request.POST.get("message")))
        verification.member_answer_verify(
            role=role,
            question=question,
            message=message,
            outcome=request.POST.get("outcome", ""),
            text=request.POST.get("text", ""),
        )

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def close(request, slug, question_id):
    def work(role, question):
        services.question_close(role=role, question=question)

    return _action(request, slug, question_id, work)


@login_required
@require_POST
def reopen(request, slug, question_id):
    def work(role, question):
        require(role, "reply")
        services.question_reopen(question=question, actor=role.user)

    return _action(request, slug, question_id, work)


@login_required
def standard_edit(request, slug):
    role = role_for(request.user, slug, "configure")
    standard = services.standard_for(role.service)
    form = ServiceStandardForm(request.POST or None, instance=standard)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_save(role=role, standard=form.save(commit=False))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Service standard saved."))
            return redirect("questions:standard", slug)
    return render(
        request,
        "questions/standard.html",
        {"role": role, "form": form, "tz_data": tz_data_text()},
        status=422 if form.errors else 200,
    )
