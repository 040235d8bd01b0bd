"""The case settings page of a one-to-one service (administrators: "configure")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from passerelle.cases.models import CaseSettings
from passerelle.cases.services import case_settings_save
from passerelle.cases.settings_form import CaseSettingsForm
from passerelle.cases.views import _role


@login_required
def case_settings(request, slug):
    role = _role(request, slug)
    service = role.service
    settings = CaseSettings.objects.filter(service=service).first() or CaseSettings(
        org_id=service.org_id, service=service
    )
    can_edit = role.can("configure")
    form = CaseSettingsForm(
        request.POST if request.method == "POST" and can_edit else None,
        service=service,
        settings=settings,
    )
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            case_settings_save(role=role, values=form.values)
        messages.success(request, _("Case settings saved."))
        return redirect("cases:settings", slug=service.slug)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "cases/settings.html", {"role": role, "form": form, "can_edit": can_edit}
    )
