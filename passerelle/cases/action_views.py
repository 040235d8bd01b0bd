"""The protocol's actions on a client file (POST, then back to where they were asked),
and the protocol page the urgent e-mail links to (the file page shows the same actions
through cases/_file_actions.html)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.cases import followup, protocol, selectors
from passerelle.common.confirm import confirm_page, confirmed
from passerelle.conversations.models import Message
from passerelle.orgs.selectors import role_for
from passerelle.questions.models import Question


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _back(request, slug, file_id) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("case_actions:protocol", args=[slug, file_id])


def _message(role, file, value):
    pk = _int(value)
    if pk is None:
        return None
    return Message.objects.filter(
        pk=pk, service_id=role.service_id, member_id=file.member_id
    ).first()


@login_required
def protocol_page(request, slug, file_id):
    role = role_for(request.user, slug, "cases")
    file = selectors.client_file_get(role, file_id)
    return render(request, "cases/protocol.html", {"role": role, "file": file})


def _act(request, slug, file_id, work, done: str, confirm: tuple | None = None):
    role = role_for(request.user, slug, "cases")
    file = selectors.client_file_get(role, file_id)
    back = _back(request, slug, file_id)
    if confirm is not None and not confirmed(request):
        question, button = confirm
        return confirm_page(request, question=question, button=button, cancel_url=back)
    try:
        work(role, file)
    except (ValidationError, PermissionDenied) as exc:
        error = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, error or _("You cannot do this on this file."))
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def urgent_mark(request, slug, file_id):
    def work(role, file):
        message = _message(role, file, request.POST.get("message"))
        protocol.urgent_mark(
            role=role, file=file, message=message, reason=request.POST.get("reason", "")
        )

    done = _("Marked urgent: the on-call staff are being alerted by e-mail.")
    return _act(request, slug, file_id, work, done)


@login_required
@require_POST
def urgent_clear(request, slug, file_id):
    def work(role, file):
        protocol.urgent_clear(role=role, file=file, reason=request.POST.get("reason", ""))

    confirm = (_("Clear the urgency of this client?"), _("Clear the urgency"))
    return _act(request, slug, file_id, work, _("Urgency cleared."), confirm)


@login_required
@require_POST
def acknowledge(request, slug, file_id):
    def work(role, file):
        question = Question.objects.filter(
            pk=_int(request.POST.get("question")), service_id=role.service_id
        ).first()
        if question is None:
            raise ValidationError(_("This question does not exist any more."))
        protocol.acknowledge(role=role, file=file, question=question)

    return _act(request, slug, file_id, work, _("The client was told we are looking into it."))


@login_required
@require_POST
def in_person(request, slug, file_id):
    def work(role, file):
        message = _message(role, file, request.POST.get("message"))
        protocol.in_person_invite(role=role, file=file, message=message)

    return _act(request, slug, file_id, work, _("The in-person invitation was sent."))


@login_required
@require_POST
def off_topic(request, slug, file_id):
    def work(role, file):
        message = _message(role, file, request.POST.get("message"))
        protocol.offtopic_respond(
            role=role, file=file, message=message, reason=request.POST.get("reason", "")
        )

    return _act(request, slug, file_id, work, _("The off-topic step was taken and sent."))


@login_required
@require_POST
def limit(request, slug, file_id):
    def work(role, file):
        protocol.service_limit(
            role=role,
            file=file,
            weekdays=request.POST.getlist("weekdays"),
            reason=request.POST.get("reason", ""),
        )

    confirm = (
        _("Limit this client's service to the chosen days? They are told at once."),
        _("Limit the service"),
    )
    return _act(request, slug, file_id, work, _("The service is limited."), confirm)


@login_required
@require_POST
def limit_lift(request, slug, file_id):
    def work(role, file):
        protocol.service_limit_lift(role=role, file=file)

    return _act(request, slug, file_id, work, _("The limit is lifted."))


@login_required
@require_POST
def end(request, slug, file_id):
    def work(role, file):
        protocol.service_end(role=role, file=file, reason=request.POST.get("reason", ""))

    confirm = (
        _("End the service for this client? They get the notice at once; this cannot be undone."),
        _("End the service"),
    )
    return _act(request, slug, file_id, work, _("The service ended; the client was told."), confirm)


@login_required
@require_POST
def followup_plan(request, slug, file_id):
    def work(role, file):
        followup.followup_plan(role=role, file=file, cadence=request.POST.get("cadence", ""))

    return _act(request, slug, file_id, work, _("The follow-up plan is saved."))


@login_required
@require_POST
def followup_done(request, slug, file_id):
    def work(role, file):
        followup.followup_done(role=role, file=file, reason=request.POST.get("reason", ""))

    return _act(request, slug, file_id, work, _("Follow-up recorded; the next date moved."))
