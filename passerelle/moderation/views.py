"""The moderation queue, member and message pages, one-click actions and the audit log.

Every page asks for the "moderate" capability (404 otherwise, as for another service);
every button is a POST that calls one service and comes back with a status message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.communities.models import Membership
from passerelle.communities.services import guidelines_current, policy_for
from passerelle.members.merge_selectors import merge_candidates, merges_of
from passerelle.members.models import StaffAccess
from passerelle.members.selectors import consents_for
from passerelle.members.services import consent_record_by_staff, staff_access_record
from passerelle.moderation import access, forms, reports, selectors, services
from passerelle.moderation.audit import audit_kinds, audit_page
from passerelle.moderation.bans import bans_of
from passerelle.moderation.claims import claim_release, claim_take, claims_active, target_of
from passerelle.moderation.models import MessageRemoval
from passerelle.orgs.selectors import role_for

AUDIT_PAGE = 50


def _role(request, slug):
    return role_for(request.user, slug, "moderate")


def _form_kwargs(role, membership):
    guidelines = (membership.guidelines_accepted if membership else None) or guidelines_current(
        role.service
    )
    return {"guidelines": guidelines, "language": (get_language() or "en")[:2]}


def _author(role, message):
    """The author's membership in the role's service (None for staff messages)."""
    if not message.member_id:
        return None
    return (
        Membership.objects.filter(service_id=role.service_id, member_id=message.member_id)
        .select_related("member", "service", "guidelines_accepted")
        .first()
    )


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _perform(request, action, done: str, fallback: str):
    """Run one service call; report the outcome to the moderator and go back."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You are not allowed to do this."))
    else:
        messages.success(request, done)
    return _back(request, fallback)


def _warned(request, warn, fallback):
    """Warn, and say in the flash when the warning proposed (or made) a removal."""
    try:
        warning = warn()
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You are not allowed to do this."))
    else:
        done = {
            "proposed": _(
                "Warning sent. It reached the warning limit: a removal is proposed in the "
                "moderation queue."
            ),
            "removed": _("Warning sent. It reached the warning limit: the member was removed."),
        }.get(warning.removal, _("Warning sent."))
        messages.success(request, done)
    return _back(request, fallback)


def _invalid(request, form, fallback):
    errors = [
        f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
        for k, v in form.errors.items()
    ]
    messages.error(request, "; ".join(errors))
    return _back(request, fallback)


@login_required
@require_safe
def queue(request, slug):
    role = _role(request, slug)
    context = {"role": role, **selectors.queue_for(role)}
    context["refuse_form"] = forms.RefuseForm()
    context["page_url"] = request.get_full_path()
    return render(request, "moderation/queue.html", context)


@login_required
@require_safe
def member_detail(request, slug, membership_id):
    role = _role(request, slug)
    membership = selectors.membership_get(role, membership_id)
    kwargs = _form_kwargs(role, membership)
    staff_access_record(
        service=role.service,
        member=membership.member,
        user=request.user,
        kind=StaffAccess.Kind.MEMBER_PAGE,
    )
    return render(
        request,
        "moderation/member.html",
        {
            "role": role,
            **selectors.member_history(role, membership),
            "consents": consents_for(role, membership.member),
            "consent_form": forms.ConsentForm(),
            "warn_form": forms.WarnForm(**kwargs),
            "remove_form": forms.RemoveForm(
                initial={"announce": policy_for(role.service).announce_removals}, **kwargs
            ),
            "mute_form": forms.MuteForm(**kwargs),
            "ban_form": forms.BanForm(**kwargs),
            "bans": (ban_rows := bans_of(membership)),
            "active_ban": next((b for b in ban_rows if b.active), None),
            "note_form": forms.NoteForm(),
            "page_url": request.get_full_path(),
            **_merge_context(role, membership.member),
        },
    )


def _merge_context(role, member) -> dict:
    """The member page's merge section: merges in and out, people who may be them."""
    if not role.can("merge_members") or member.is_erased:
        return {}
    pairs = [] if member.merged_into_id else merge_candidates(role, member=member)
    return {
        "merges": merges_of(role, member),
        "merge_candidates": [
            (p["b"] if p["a"].pk == member.pk else p["a"], p["reasons"]) for p in pairs
        ],
    }


@login_required
@require_safe
def message_detail(request, slug, message_id):
    role = _role(request, slug)
    message = selectors.moderated_message_get(role, message_id)
    membership = _author(role, message)
    kwargs = _form_kwargs(role, membership)
    context = {
        "role": role,
        **selectors.message_reports(role, message),
        "message": message,
        "membership": membership,
        "removed": MessageRemoval.objects.filter(message=message).select_related("actor").first(),
        "warn_form": forms.WarnForm(**kwargs),
        "delete_form": forms.DeleteForm(**kwargs),
        "claim": claims_active(role.service_id, [target_of(message)]).get(target_of(message)),
        "page_url": request.get_full_path(),
    }
    if membership is not None:
        context["history"] = selectors.member_history(role, membership)
    return render(request, "moderation/message.html", context)


def _remove_confirm(request, membership, fallback):
    return confirm_page(
        request,
        question=_("Remove %(name)s from the group? They can be re-admitted later from their page.")
        % {"name": membership.member.display_name},
        button=_("Remove from the group"),
        cancel_url=fallback,
    )


@login_required
@require_POST
def message_action(request, slug, message_id, action):
    role = _role(request, slug)
    message = selectors.moderated_message_get(role, message_id)
    fallback = f"/s/{slug}/moderation/messages/{message.pk}/"
    membership = _author(role, message)
    kwargs = _form_kwargs(role, membership)
    if action == "warn":
        form = forms.WarnForm(request.POST, **kwargs)
        if not form.is_valid() or membership is None:
            return _invalid(request, form, fallback)
        return _warned(
            request,
            lambda: services.warn_member(
                role=role,
                membership=membership,
                message=message,
                clause=form.cleaned_data["clause"],
                reason=form.cleaned_data["reason"],
            ),
            fallback,
        )
    if action in ("off-topic", "delete") and not confirmed(request):
        question = (
            _("Apply the off-topic protocol? The post is deleted on the platform.")
            if action == "off-topic"
            else _("Delete this post? It is deleted on the platform too; this cannot be undone.")
        )
        return confirm_page(
            request,
            question=question,
            button=_("Apply the off-topic protocol") if action == "off-topic" else _("Delete"),
            cancel_url=fallback,
            detail=message.text[:400],
        )
    if action == "off-topic":
        return _perform(
            request,
            lambda: reports.off_topic_protocol(role=role, message=message),
            _("Post deleted, description re-posted, reminder sent."),
            fallback,
        )
    if action == "delete":
        form = forms.DeleteForm(request.POST, **kwargs)
        if not form.is_valid():
            return _invalid(request, form, fallback)
        return _perform(
            request,
            lambda: reports.message_delete(
                role=role,
                message=message,
                reason=form.cleaned_data["reason"],
                clause=form.cleaned_data["clause"],
            ),
            _("Message deleted."),
            fallback,
        )
    if action == "dismiss":
        return _perform(
            request,
            lambda: reports.report_dismiss(role=role, message=message),
            _("Reports dismissed."),
            fallback,
        )
    return _claim_action(request, role, message, action, fallback)


def _claim_action(request, role, obj, action, fallback):
    if action == "claim":
        return _perform(
            request,
            lambda: claim_take(role=role, target=target_of(obj)),
            _("You are handling this now."),
            fallback,
        )
    if action == "release":
        return _perform(
            request,
            lambda: claim_release(role=role, target=target_of(obj)),
            _("Released."),
            fallback,
        )
    raise PermissionDenied("unknown action")


@login_required
@require_POST
def member_action(request, slug, membership_id, action):
    role = _role(request, slug)
    membership = selectors.membership_get(role, membership_id)
    fallback = f"/s/{slug}/moderation/members/{membership.pk}/"
    kwargs = _form_kwargs(role, membership)
    form_class = {
        "warn": forms.WarnForm,
        "remove": forms.RemoveForm,
        "mute": forms.MuteForm,
        "readmit": forms.NoteForm,
        "leave": forms.OptionalNoteForm,
    }.get(action)
    if action == "consent":
        form = forms.ConsentForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form, fallback)
        return _perform(
            request,
            lambda: consent_record_by_staff(
                role=role, member=membership.member, **form.cleaned_data
            ),
            _("Consent recorded."),
            fallback,
        )
    if form_class is None:
        if action == "unmute":
            return _perform(
                request,
                lambda: access.member_unmute(role=role, membership=membership),
                _("Mute lifted."),
                fallback,
            )
        return _claim_action(request, role, membership, action, fallback)
    form = form_class(request.POST, **(kwargs if issubclass(form_class, forms._ClauseForm) else {}))
    if not form.is_valid():
        return _invalid(request, form, fallback)
    data = form.cleaned_data
    if action == "remove" and not confirmed(request):
        return _remove_confirm(request, membership, fallback)
    if action == "warn":
        return _warned(
            request,
            lambda: services.warn_member(
                role=role, membership=membership, clause=data["clause"], reason=data["reason"]
            ),
            fallback,
        )
    calls = {
        "remove": (
            lambda: services.member_remove(
                role=role,
                membership=membership,
                reason=data["reason"],
                clause=data["clause"],
                announce=data["announce"],
            ),
            _("Member removed."),
        ),
        "mute": (
            lambda: access.member_mute(
                role=role,
                membership=membership,
                hours=data["hours"],
                reason=data["reason"],
                clause=data["clause"],
            ),
            _("Member muted."),
        ),
        "readmit": (
            lambda: services.member_readmit(role=role, membership=membership, note=data["note"]),
            _("Member re-admitted."),
        ),
        "leave": (
            lambda: access.member_leave_process(
                role=role, membership=membership, note=data["note"]
            ),
            _("Leave processed; the person was told."),
        ),
    }
    call, done = calls[action]
    return _perform(request, call, done, fallback)


@login_required
@require_POST
def warning_withdraw(request, slug, warning_id):
    role = _role(request, slug)
    warning = selectors.warning_get(role, warning_id)
    return _perform(
        request,
        lambda: services.warning_withdraw(role=role, warning=warning),
        _("Warning withdrawn; the member was told."),
        f"/s/{slug}/moderation/members/{warning.membership_id}/",
    )


@login_required
@require_POST
def proposal_action(request, slug, proposal_id, action):
    role = _role(request, slug)
    proposal = selectors.proposal_get(role, proposal_id)
    fallback = f"/s/{slug}/moderation/"
    if action == "remove" and not confirmed(request):
        return _remove_confirm(request, proposal.membership, fallback)
    if action == "remove":
        form = forms.NoteForm({"note": request.POST.get("reason") or proposal.reason})
        form.is_valid()
        return _perform(
            request,
            lambda: services.member_remove(
                role=role,
                membership=proposal.membership,
                reason=form.cleaned_data.get("note", ""),
                clause=proposal.clause,
            ),
            _("Member removed."),
            fallback,
        )
    if action == "dismiss":
        return _perform(
            request,
            lambda: services.proposal_dismiss(
                role=role, proposal=proposal, reason=request.POST.get("reason", "")[:500]
            ),
            _("Proposal dismissed: the member stays."),
            fallback,
        )
    raise PermissionDenied("unknown action")


@login_required
@require_POST
def intake_action(request, slug, intake_id, action):
    role = _role(request, slug)
    intake = selectors.intake_get(role, intake_id)
    fallback = f"/s/{slug}/moderation/"
    if action == "accept":
        return _perform(
            request,
            lambda: access.join_accept(role=role, intake=intake),
            _("Accepted; the welcome message is on its way."),
            fallback,
        )
    if action == "refuse":
        form = forms.RefuseForm(request.POST)
        if not form.is_valid():
            return _invalid(request, form, fallback)
        if not confirmed(request):
            return confirm_page(
                request,
                question=_("Refuse %(name)s? They are told the reason below.")
                % {"name": intake.membership.member.display_name},
                button=_("Refuse"),
                cancel_url=fallback,
                detail=form.cleaned_data["reason"],
            )
        return _perform(
            request,
            lambda: access.join_refuse(
                role=role, intake=intake, reason=form.cleaned_data["reason"]
            ),
            _("Refused; the person was told why."),
            fallback,
        )
    return _claim_action(request, role, intake, action, fallback)


@login_required
@require_safe
def audit(request, slug):
    role = _role(request, slug)
    kinds = audit_kinds()
    kind = request.GET.get("kind", "")
    if kind not in dict(kinds):
        kind = ""
    query = request.GET.get("q", "").strip()
    page = audit_page(
        role, kind=kind, query=query, per_page=AUDIT_PAGE, number=request.GET.get("page")
    )
    return render(
        request,
        "moderation/audit.html",
        {
            "role": role,
            "page": page,
            "kind": kind,
            "query": query,
            "kinds": kinds,
        },
    )
