"""Merging one person's two member rows, from the moderation pages (docs/inbox.md): the
suggestions, the confirmation page showing both side by side and what will move, and the
undo. Every page asks for "merge_members" (administrators and moderators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.communities.merge import conflict_note, merged_status
from passerelle.communities.models import Membership
from passerelle.conversations.models import Message
from passerelle.members.merge import member_merge, member_merge_undo
from passerelle.members.merge_selectors import (
    merge_candidates,
    merge_get,
    merge_moving,
    mergeable_get,
)
from passerelle.orgs.selectors import role_for

PAGE_SIZE = 25


def _role(request, slug):
    return role_for(request.user, slug, "merge_members")


def member_page_url(role, member) -> str:
    """The member's page in the role's service, else the merge suggestions."""
    membership = Membership.objects.filter(service_id=role.service_id, member=member).first()
    if membership is None:
        return reverse("moderation:merges", args=[role.service.slug])
    return reverse("moderation:member", args=[role.service.slug, membership.pk])


@login_required
@require_safe
def merge_list(request, slug):
    role = _role(request, slug)
    page = Paginator(merge_candidates(role), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "moderation/merges.html", {"role": role, "page": page})


def _side(role, member) -> dict:
    membership = Membership.objects.filter(service_id=role.service_id, member=member).first()
    return {
        "member": member,
        "membership": membership,
        "messages": Message.objects.filter(member=member, service_id=role.service_id).count(),
        "moving": merge_moving(member),
    }


def _conflicts(kept, merged) -> list[dict]:
    ours = {m.service_id: m for m in Membership.objects.filter(member=kept)}
    out = []
    for theirs in Membership.objects.filter(member=merged).select_related("service"):
        if (other := ours.get(theirs.service_id)) is not None:
            result = merged_status(other.status, theirs.status)
            out.append(
                {
                    "service": theirs.service,
                    "kept": other.get_status_display(),
                    "merged": theirs.get_status_display(),
                    "result": dict(Membership.Status.choices)[result],
                    "note": conflict_note(other.status, theirs.status),
                }
            )
    return out


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def merge_confirm(request, slug, kept_id, merged_id):
    role = _role(request, slug)
    kept, merged = mergeable_get(role, kept_id), mergeable_get(role, merged_id)
    if request.method == "POST":
        try:
            member_merge(role=role, kept=kept, merged=merged)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect(request.path)
        messages.success(
            request,
            _("%(merged)s is now part of %(kept)s. You can undo this from their page.")
            % {"merged": merged.display_name, "kept": kept.display_name},
        )
        return redirect(member_page_url(role, kept))
    return render(
        request,
        "moderation/merge_confirm.html",
        {
            "role": role,
            "kept": _side(role, kept),
            "merged": _side(role, merged),
            "conflicts": _conflicts(kept, merged),
            "same": kept.pk == merged.pk,
        },
    )


@login_required
@require_safe
def merge_pick(request, slug):
    """The confirmation page for two member numbers typed in (a pair not suggested)."""
    role = _role(request, slug)
    kept, merged = request.GET.get("kept", ""), request.GET.get("merged", "")
    kept, merged = mergeable_get(role, kept), mergeable_get(role, merged)
    return redirect("moderation:merge_confirm", role.service.slug, kept.pk, merged.pk)


@login_required
@require_POST
def merge_undo(request, slug, merge_id):
    role = _role(request, slug)
    merge = merge_get(role, merge_id)
    back = member_page_url(role, merge.kept)
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Undo the merge? %(merged)s becomes a separate person again.")
            % {"merged": merge.merged.display_name},
            button=_("Undo the merge"),
            cancel_url=back,
        )
    try:
        member_merge_undo(role=role, merge=merge)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(back)
    messages.success(
        request,
        _("The merge is undone: %(merged)s and %(kept)s are two people again.")
        % {"merged": merge.merged.display_name, "kept": merge.kept.display_name},
    )
    return redirect(member_page_url(role, merge.kept))
