"""Edit forms of the framework: statements, rows, indicators and hand-entered values.

GET shows a form (or, for a deletion, what will go and a confirmation button); POST calls
one service. Editing needs "configure"; values need "record_indicators"; anything else,
or a row of another service, is a 404.
"""

from __future__ import annotations

import copy
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.evaluation import selectors, services
from passerelle.evaluation.display import number
from passerelle.evaluation.forms import IndicatorForm, LogicItemForm, ResultForm, ValueForm
from passerelle.evaluation.models import LEVELS, LogicItem, Result
from passerelle.orgs.selectors import role_for
from passerelle.reports.selectors import today_in


def _back(slug, anchor: str) -> str:
    return f"{reverse('evaluation:framework', args=[slug])}#{anchor}"


def _form_page(request, role, form, title: str, back: str):
    status = 422 if request.method == "POST" else 200
    context = {"role": role, "form": form, "title": title, "back": back}
    return render(request, "evaluation/edit_form.html", context, status=status)


def _confirm_page(request, role, *, question: str, consequences: list[str], back: str):
    context = {"role": role, "question": question, "consequences": consequences, "back": back}
    return render(request, "evaluation/confirm_delete.html", context)


def _saved(request, action, form) -> bool:
    """Run a service with the form's data; its errors go on the form."""
    try:
        action(**form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, _("Saved."))
    return True


def _has_framework(role):
    if selectors.framework_for(role) is None:
        raise Http404("No framework yet")


def _offset(request) -> int:
    return -1 if request.POST.get("move") == "up" else 1


# -- statements of the logic model ----------------------------------------------------


@login_required
def item_edit(request, slug, item_id=None):
    role = role_for(request.user, slug, "configure")
    _has_framework(role)
    item = selectors.item_get(role, item_id) if item_id else None
    level = request.GET.get("level")
    initial = {"level": level} if level in LEVELS else {}
    form = LogicItemForm(
        request.POST or None,
        instance=copy.copy(item) if item else LogicItem(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        if item is None:
            action = partial(services.logic_item_add, role=role)
        else:
            action = partial(services.logic_item_update, role=role, item=item)
        if _saved(request, action, form):
            return redirect(_back(slug, "model"))
    title = _("Edit a statement") if item else _("Add a statement to the logic model")
    return _form_page(request, role, form, title, _back(slug, "model"))


@login_required
def item_delete(request, slug, item_id):
    role = role_for(request.user, slug, "configure")
    item = selectors.item_get(role, item_id)
    if request.method == "POST":
        services.logic_item_delete(role=role, item=item)
        messages.success(request, _("Statement deleted."))
        return redirect(_back(slug, "model"))
    return _confirm_page(
        request,
        role,
        question=_("Delete this statement of the logic model?"),
        consequences=[item.description],
        back=_back(slug, "model"),
    )


@login_required
@require_POST
def item_move(request, slug, item_id):
    role = role_for(request.user, slug, "configure")
    item = selectors.item_get(role, item_id)
    services.logic_item_move(role=role, item=item, offset=_offset(request))
    return redirect(_back(slug, f"item-{item.pk}"))


# -- rows of the measurement framework ------------------------------------------------


@login_required
def result_edit(request, slug, result_id=None):
    role = role_for(request.user, slug, "configure")
    _has_framework(role)
    result = selectors.result_get(role, result_id) if result_id else None
    level = request.GET.get("level")
    form = ResultForm(
        request.POST or None,
        instance=copy.copy(result) if result else Result(),
        initial={"level": level} if level in LEVELS else {},
    )
    if request.method == "POST" and form.is_valid():
        if result is None:
            action = partial(services.result_add, role=role)
        else:
            action = partial(services.result_update, role=role, result=result)
        if _saved(request, action, form):
            return redirect(_back(slug, "framework"))
    title = _("Edit a result") if result else _("Add a result")
    return _form_page(request, role, form, title, _back(slug, "framework"))


@login_required
def result_delete(request, slug, result_id):
    role = role_for(request.user, slug, "configure")
    result = selectors.result_get(role, result_id)
    if request.method == "POST":
        services.result_delete(role=role, result=result)
        messages.success(request, _("Result deleted."))
        return redirect(_back(slug, "framework"))
    indicators = list(result.indicators.all())
    consequences = [result.description] + [
        _("Its indicator “%(name)s” and the values entered for it.") % {"name": i.name}
        for i in indicators
    ]
    return _confirm_page(
        request,
        role,
        question=_("Delete this result and its indicators?"),
        consequences=consequences,
        back=_back(slug, f"result-{result.pk}"),
    )


@login_required
@require_POST
def result_move(request, slug, result_id):
    role = role_for(request.user, slug, "configure")
    result = selectors.result_get(role, result_id)
    services.result_move(role=role, result=result, offset=_offset(request))
    return redirect(_back(slug, f"result-{result.pk}"))


# -- indicators -----------------------------------------------------------------------


@login_required
def indicator_edit(request, slug, result_id=None, indicator_id=None):
    role = role_for(request.user, slug, "configure")
    indicator = selectors.indicator_get(role, indicator_id) if indicator_id else None
    result = indicator.result if indicator else selectors.result_get(role, result_id)
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator) if indicator else None)
    if request.method == "POST" and form.is_valid():
        if indicator is None:
            action = partial(services.indicator_add, role=role, result=result)
        else:
            action = partial(services.indicator_update, role=role, indicator=indicator)
        if _saved(request, action, form):
            return redirect(_back(slug, f"result-{result.pk}"))
    title = (
        _("Edit the indicator “%(name)s”") % {"name": indicator.name}
        if indicator
        else _("Add an indicator to “%(result)s”") % {"result": result.description[:80]}
    )
    return _form_page(request, role, form, title, _back(slug, f"result-{result.pk}"))


@login_required
def indicator_delete(request, slug, indicator_id):
    role = role_for(request.user, slug, "configure")
    indicator = selectors.indicator_get(role, indicator_id)
    back = _back(slug, f"result-{indicator.result_id}")
    if request.method == "POST":
        services.indicator_delete(role=role, indicator=indicator)
        messages.success(request, _("Indicator deleted."))
        return redirect(back)
    count = indicator.values.count()
    consequences = [indicator.name]
    if count:
        consequences.append(
            _("%(count)s values entered for it are deleted too.") % {"count": count}
        )
    return _confirm_page(
        request,
        role,
        question=_("Delete this indicator?"),
        consequences=consequences,
        back=back,
    )


@login_required
@require_POST
def indicator_move(request, slug, indicator_id):
    role = role_for(request.user, slug, "configure")
    indicator = selectors.indicator_get(role, indicator_id)
    services.indicator_move(role=role, indicator=indicator, offset=_offset(request))
    return redirect(_back(slug, f"result-{indicator.result_id}"))


# -- values entered by hand -----------------------------------------------------------


@login_required
def values_page(request, slug, indicator_id):
    """A hand-entered indicator's values; staff who collect them add one here."""
    needed = "record_indicators" if request.method == "POST" else "read_reports"
    role = role_for(request.user, slug, needed)
    indicator = selectors.indicator_get(role, indicator_id)
    if not indicator.is_manual:
        raise Http404("This indicator is counted by Passerelle")
    form = ValueForm(request.POST or None, initial={"on": today_in(role.service)})
    if request.method == "POST" and form.is_valid():
        action = partial(services.indicator_value_record, role=role, indicator=indicator)
        if _saved(request, action, form):
            return redirect("evaluation:values", slug, indicator.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "role": role,
        "indicator": indicator,
        "values": selectors.values_of(indicator),
        "form": form,
        "can_record": role.can("record_indicators"),
    }
    return render(request, "evaluation/values.html", context, status=status)


@login_required
def value_delete(request, slug, value_id):
    role = role_for(request.user, slug, "record_indicators")
    value = selectors.value_get(role, value_id)
    back = reverse("evaluation:values", args=[slug, value.indicator_id])
    if request.method == "POST":
        services.indicator_value_delete(role=role, value=value)
        messages.success(request, _("Value deleted."))
        return redirect(back)
    return _confirm_page(
        request,
        role,
        question=_("Delete the value of %(date)s?")
        % {"date": formats.date_format(value.on, "DATE_FORMAT")},
        consequences=[f"{value.indicator.name}: {number(value.value, value.indicator.unit)}"],
        back=back,
    )
