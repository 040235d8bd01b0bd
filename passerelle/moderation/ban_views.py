"""The ban list page, and banning or lifting a ban from a member's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.moderation import bans, forms, selectors
from passerelle.moderation.models import Ban
from passerelle.moderation.views import _form_kwargs, _invalid, _role


@login_required
@require_safe
def ban_list(request, slug):
    role = _role(request, slug)
    return render(request, "moderation/bans.html", {"role": role, "bans": bans.bans_for(role)})


@login_required
@require_POST
def member_ban(request, slug, membership_id):
    role = _role(request, slug)
    membership = selectors.membership_get(role, membership_id)
    fallback = f"/s/{slug}/moderation/members/{membership.pk}/"
    form = forms.BanForm(request.POST, **_form_kwargs(role, membership))
    if not form.is_valid():
        return _invalid(request, form, fallback)
    data = form.cleaned_data
    if not confirmed(request):
        return confirm_page(
            request,
            question=_("Ban %(name)s (%(how_long)s)? They are removed from the group and kept out.")
            % {
                "name": membership.member.display_name,
                "how_long": dict(bans.DURATIONS)[data["days"]],
            },
            button=_("Ban"),
            cancel_url=fallback,
            detail=data["reason"],
        )
    try:
        bans.member_ban(
            role=role,
            membership=membership,
            reason=data["reason"],
            days=data["days"],
            clause=data["clause"],
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Banned; the person was told."))
    return redirect(fallback)


@login_required
@require_POST
def ban_lift(request, slug, ban_id):
    role = _role(request, slug)
    ban = Ban.objects.filter(service_id=role.service_id, pk=ban_id).first()
    if ban is None:
        raise Http404
    try:
        bans.ban_lift(role=role, ban=ban)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Ban lifted: the person may ask to join or be re-admitted."))
    if request.POST.get("next") == "list":
        return redirect("moderation:bans", slug)
    return redirect("moderation:member", slug, ban.membership_id)
