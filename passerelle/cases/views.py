"""The caseload, the client file and its forms (docs/cases.md). Every page asks for the
"cases" capability: a partner, a volunteer or a viewer gets a 404, as for a service they
have no role in; a service that is not one-to-one has no client files (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.cases import selectors
from passerelle.cases.consent import consent_record_on_file, consent_request_send
from passerelle.cases.enrolment import client_enrol, client_enrol_by_phone, phone_channels
from passerelle.cases.forms import (
    CallForm,
    ClientFileForm,
    ConsentForm,
    ConsentRequestForm,
    EnrolPhoneForm,
    NoteForm,
    StatusForm,
)
from passerelle.cases.models import ClientFile
from passerelle.cases.services import (
    call_log_add,
    case_note_add,
    client_file_update,
    client_status_set,
)
from passerelle.channels.types.whatsapp.models import WhatsAppTemplate
from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.pages import page_get
from passerelle.conversations.selectors import message_get
from passerelle.members.models import ConsentEvent, Member
from passerelle.orgs.selectors import role_for
from passerelle.referrals.selectors import partners_for

PAGE_SIZE = 25


def _role(request, slug):
    role = role_for(request.user, slug, "cases")
    selectors.client_files(role)  # 404 outside a one-to-one service
    return role


def _error(exc) -> str:
    return exc.messages[0] if isinstance(exc, ValidationError) else str(exc)


@login_required
def caseload(request, slug):
    role = _role(request, slug)
    view = request.GET.get("view", "mine")
    view = view if view in selectors.VIEWS else "mine"
    status = request.GET.get("status", "")
    status = status if status in ClientFile.Status.values else ""
    query = request.GET.get("q", "").strip()[:100]
    now = timezone.now()
    files = selectors.caseload(role, view=view, status=status, query=query, now=now)
    page = page_get(files, PAGE_SIZE, request.GET.get("page"))
    counts = selectors.caseload_counts(role, status=status, query=query, now=now)
    names = {
        "mine": _("My clients"),
        "due": _("Follow-up due this week"),
        "overdue": _("Follow-up overdue"),
        "lost": _("Lost contact"),
        "all": _("All"),
    }
    return render(
        request,
        "cases/caseload.html",
        {
            "role": role,
            "page": page,
            "view": view,
            "status": status,
            "query": query,
            "tabs": [(v, names[v], counts[v]) for v in selectors.VIEWS],
            "statuses": ClientFile.Status.choices,
            "now": now,
        },
    )


def _enrol_context(request, role, phone_form=None):
    channels = phone_channels(role.service)
    templates = WhatsAppTemplate.objects.filter(channel__in=channels).order_by("name", "language")
    query = request.GET.get("q", "").strip()[:100]
    return {
        "role": role,
        "query": query,
        "candidates": selectors.enrolable_members(role, query=query),
        "phone_form": phone_form
        or EnrolPhoneForm(service=role.service, channels=channels, templates=templates),
        "has_phone_channels": bool(channels),
    }


@login_required
def enrol(request, slug):
    """GET: find a member to enrol, or give a phone number; POST: enrol."""
    role = _role(request, slug)
    if request.method != "POST":
        return render(request, "cases/enrol.html", _enrol_context(request, role))
    try:
        if request.POST.get("how") == "member":
            member = Member.objects.filter(
                org_id=role.org_id, pk=request.POST.get("member") or 0
            ).first()
            if member is None:
                raise ValidationError(_("Choose the member to enrol."))
            file = client_enrol(role=role, member=member)
        else:
            channels = phone_channels(role.service)
            templates = WhatsAppTemplate.objects.filter(channel__in=channels)
            form = EnrolPhoneForm(
                request.POST, service=role.service, channels=channels, templates=templates
            )
            if not form.is_valid():
                context = _enrol_context(request, role, phone_form=form)
                return render(request, "cases/enrol.html", context, status=422)
            data = form.cleaned_data
            channel = next(c for c in channels if str(c.pk) == data["channel"])
            template = templates.filter(pk=data["template"]).first() if data["template"] else None
            file = client_enrol_by_phone(
                role=role,
                phone=data["phone"],
                language=data["language"],
                name=data["name"],
                channel=channel,
                template=template,
                text=data["text"],
            )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error(exc))
        return redirect("cases:enrol", slug)
    messages.success(request, _("Client file opened."))
    return redirect("cases:file", slug, file.pk)


def _field_labels() -> dict:
    return {
        "name": _("Name"),
        "languages": _("Languages"),
        "preferred_times": _("Preferred times"),
        "help_way": _("Preferred way to get help"),
        "digital_skills": _("Digital skills"),
        "goals": _("Settlement goals"),
        "goals_text": _("Goals in the client's words"),
        "emergency_contacts": _("Emergency contacts"),
        "caseworker": _("Caseworker"),
    }


def _via_label(via: str) -> str:
    return {
        "staff:paper": _("signed on paper"),
        "staff:verbal": _("said aloud"),
        "prompt": _("answered in the conversation"),
        "staff:in_person": _("in person"),
        "staff:phone": _("by phone"),
        "staff:message": _("in a message"),
    }.get(via, _("through the service"))


def _value_shown(field: str, value) -> str:
    choices = {"help_way": ClientFile.HelpWay, "digital_skills": ClientFile.Skills}
    if field in choices and value in choices[field].values:
        return str(choices[field](value).label)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value) if value not in (None, "") else "—"


def _lines(event) -> list[str]:
    """What an event changed, in words (the history shows no internal codes)."""
    data = event.data or {}
    if event.kind == "updated":
        labels = _field_labels()
        changes = data.get("changes") or {f: None for f in data.get("fields", [])}
        return [
            f"{labels.get(f, f)}: {_value_shown(f, c['old'])} → {_value_shown(f, c['new'])}"
            if c
            else str(labels.get(f, f))
            for f, c in changes.items()
        ]
    if event.kind == "status_changed" and data.get("old") in ClientFile.Status.values:
        old, new = ClientFile.Status(data["old"]).label, ClientFile.Status(data["new"]).label
        return [f"{old} → {new}"]
    if event.kind in ("consent", "consent_requested") and data.get("purpose"):
        purpose = ConsentEvent.Purpose(data["purpose"]).label
        if event.kind == "consent_requested":
            return [str(purpose)]
        action = ConsentEvent.Action(data["action"]).label
        return [f"{purpose}: {action} ({_via_label(data.get('via', ''))})"]
    return []


def _file_context(role, file, **forms):
    partners = partners_for(role)
    history = list(selectors.file_history(file)[:100])
    for event in history:
        event.lines = _lines(event)
    consents = selectors.consent_rows(file)
    for row in consents:
        row.via_label = _via_label(row.via)
    return {
        "role": role,
        "file": file,
        "thread": selectors.private_thread_of(file),
        "history": history,
        "notes": selectors.file_notes(file),
        "calls": selectors.file_calls(file),
        "consents_now": selectors.consent_now(file),
        "consents": consents,
        "settings": selectors.case_settings_for(file.service),
        "note_form": forms.get("note_form") or NoteForm(),
        "call_form": forms.get("call_form")
        or CallForm(initial={"occurred_at": timezone.localtime(timezone=role.service.tz)}),
        "consent_form": forms.get("consent_form") or ConsentForm(partners=partners),
        "request_form": forms.get("request_form") or ConsentRequestForm(partners=partners),
        "goal_labels": dict(ClientFileForm(file=file).fields["goals"].choices),
    }


@login_required
def file_detail(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    return render(request, "cases/file.html", _file_context(role, file))


@login_required
def file_edit(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    form = ClientFileForm(request.POST or None, file=file)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            client_file_update(
                role=role,
                file=file,
                name=data.pop("name"),
                caseworker=data.pop("caseworker"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Client file saved."))
            return redirect("cases:file", slug, file.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "cases/file_edit.html", {"role": role, "file": file, "form": form}, status=status
    )


@login_required
def file_status(request, slug, file_id):
    """GET: the status form; POST: change it (closing asks for confirmation first)."""
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    form = StatusForm(request.POST or None, initial={"status": file.status})
    if request.method == "POST" and form.is_valid():
        status, reason = form.cleaned_data["status"], form.cleaned_data["reason"]
        if status == ClientFile.Status.CLOSED and reason.strip() and not confirmed(request):
            return confirm_page(
                request,
                question=_("Close the client file of %(name)s?") % {"name": file.member},
                detail=_("The client is no longer followed; the file and its history stay."),
                button=_("Close the file"),
                cancel_url=request.path,
            )
        try:
            client_status_set(
                role=role, file=file, status=status, reason=reason, confirmed=confirmed(request)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("cases:file", slug, file.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "cases/status.html", {"role": role, "file": file, "form": form}, status=status
    )


def _file_action(request, role, file, form_name, form, act):
    """Run `act(cleaned_data)` for a valid form, then back to the file; else the file
    page again with the form's errors."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error(exc))
        else:
            return redirect(f"{request.path.rsplit('/', 2)[0]}/#{form_name}")
    context = _file_context(role, file, **{f"{form_name}_form": form})
    return render(request, "cases/file.html", context, status=422)


@login_required
@require_POST
def note_add(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)

    def act(data):
        case_note_add(role=role, file=file, text=data["text"])
        messages.success(request, _("Note saved."))

    return _file_action(request, role, file, "note", NoteForm(request.POST), act)


@login_required
@require_POST
def call_add(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)

    def act(data):
        call_log_add(role=role, file=file, **data)
        messages.success(request, _("Call logged."))

    with timezone.override(role.service.tz):  # the time typed is the service's local time
        form = CallForm(request.POST)
        form.is_valid()
    return _file_action(request, role, file, "call", form, act)


@login_required
@require_POST
def consent_add(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    form = ConsentForm(request.POST, request.FILES, partners=partners_for(role))

    def act(data):
        upload = data.get("document")
        document = None
        if upload is not None:
            document = {
                "data": upload.read(),
                "content_type": upload.content_type,
                "name": upload.name,
            }
        consent_record_on_file(
            role=role,
            file=file,
            purpose=data["purpose"],
            action=data["action"],
            how=data["how"],
            partner=data["partner"],
            note=data["note"],
            document=document,
        )
        messages.success(request, _("Consent recorded."))

    return _file_action(request, role, file, "consent", form, act)


@login_required
@require_POST
def consent_request(request, slug, file_id):
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    form = ConsentRequestForm(request.POST, partners=partners_for(role))

    def act(data):
        consent_request_send(role=role, file=file, purpose=data["purpose"], partner=data["partner"])
        messages.success(request, _("Consent request sent to the client."))

    return _file_action(request, role, file, "request", form, act)


@login_required
def consent_document(request, slug, file_id, consent_id):
    """The signed consent form, for staff with "cases" only, never cached."""
    role = _role(request, slug)
    file = selectors.client_file_get(role, file_id)
    row = selectors.consent_document_get(role, file, consent_id)
    stored = row.document
    response = HttpResponse(bytes(stored.data), content_type=stored.mime_type)
    response["Content-Disposition"] = f'attachment; filename="consent-{row.pk}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def message_note(request, slug, message_id):
    """The "note" action on a message of a client's conversation: a case note about it."""
    role = _role(request, slug)
    message = message_get(role, message_id)
    file = selectors.client_file_for_member(role.service_id, message.member_id or 0)
    if file is None:
        messages.error(request, _("This person has no client file yet: enrol them first."))
        return redirect("cases:enrol", slug)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case_note_add(role=role, file=file, text=form.cleaned_data["text"], message=message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Note saved."))
            return redirect("cases:file", slug, file.pk)
    status = 422 if request.method == "POST" else 200
    context = {"role": role, "file": file, "message": message, "form": form}
    return render(request, "cases/message_note.html", context, status=status)
