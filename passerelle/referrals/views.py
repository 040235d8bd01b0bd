"""Partner directory pages, the referral form of a question, and the referrals list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.orgs.selectors import role_for
from passerelle.questions.panel import question_card_context
from passerelle.questions.selectors import question_get
from passerelle.questions.services import standard_for
from passerelle.referrals import selectors, services
from passerelle.referrals.forms import PartnerForm, PartnerServiceFormSet, ReferralForm
from passerelle.referrals.models import LANGUAGE_TEXTS, Category, Partner, Referral

PAGE_SIZE = 20


@login_required
def partner_list(request, slug):
    role = role_for(request.user, slug)
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    partners = selectors.partners_for(
        role, query=query, category=category, include_inactive=role.can("moderate")
    )
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each text in the staff member's interface language, else the service's default.
    reader, default = (get_language() or "en").split("-")[0], role.service.default_language
    for partner in page:
        partner.shown = {f: partner.text_for(f, reader, default) for f in LANGUAGE_TEXTS}
        partner.active_services = [s for s in partner.services.all() if s.is_active]
        for item in partner.active_services:
            item.shown = {f: item.text_for(f, reader, default) for f in LANGUAGE_TEXTS}
    return render(
        request,
        "referrals/partners.html",
        {
            "role": role,
            "page": page,
            "query": query,
            "category": category,
            "categories": Category.choices,
            "can_edit": role.can("moderate"),
        },
    )


@login_required
def partner_edit(request, slug, partner_id=None):
    role = role_for(request.user, slug, "moderate")
    partner = selectors.partner_get(role, partner_id) if partner_id else Partner(org=role.org)
    languages = role.service.languages
    form = PartnerForm(request.POST or None, instance=partner, languages=languages)
    formset = PartnerServiceFormSet(
        request.POST or None,
        instance=partner,
        prefix="services",
        form_kwargs={"languages": languages},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = services.partner_save(role=role, partner=form.save(commit=False))
                for service_form in formset.forms:
                    if service_form.has_changed() and service_form.cleaned_data:
                        item = service_form.save(commit=False)
                        item.partner = saved
                        services.partner_service_save(role=role, partner_service=item)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("referrals:partners", slug)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "referrals/partner_form.html",
        {
            "role": role,
            "form": form,
            "formset": formset,
            "partner": partner,
        },
        status=status,
    )


def _target(role, value: str):
    """(partner, partner service) from a 'p12' / 's34' choice, inside the organization."""
    if value.startswith("s") and value[1:].isdigit():
        partner_service = selectors.partner_service_get(role, value[1:])
        return partner_service.partner, partner_service
    if value.startswith("p") and value[1:].isdigit():
        return selectors.partner_get(role, value[1:]), None
    return None, None


def _refer_form(role, question, data=None, target=""):
    partners = list(selectors.partners_for(role))
    partner_services = list(selectors.partner_services_for(role))
    initial = {
        "target": target,
        "followup_days": standard_for(question.service).referral_followup_days,
    }
    partner, partner_service = _target(role, target) if target else (None, None)
    if partner is not None:
        initial["text"], _language = services.referral_draft(
            service=question.service,
            member=question.member,
            partner=partner,
            partner_service=partner_service,
        )
    return ReferralForm(data, initial=initial, partners=partners, partner_services=partner_services)


@login_required
def refer(request, slug, question_id):
    """GET: the form (with a draft for the chosen partner); POST: send the referral."""
    role = role_for(request.user, slug, "reply")
    question = question_get(role, question_id)
    context = {"role": role, "q": question}
    if request.method != "POST":
        form = _refer_form(role, question, target=request.GET.get("target", ""))
        return render(request, "referrals/partials/_refer_form.html", {**context, "form": form})
    form = _refer_form(role, question, data=request.POST)
    if form.is_valid():
        partner, partner_service = _target(role, form.cleaned_data["target"])
        try:
            if partner is None:
                raise ValidationError(_("Choose a partner."))
            services.referral_create(
                role=role,
                question=question,
                partner=partner,
                partner_service=partner_service,
                text=form.cleaned_data["text"],
                followup_days=form.cleaned_data["followup_days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            question = question_get(role, question.pk)
            card = question_card_context(role, question, expanded=True, notice=_("Referral sent."))
            response = render(
                request, "questions/partials/_card.html", {"role": role, "card": card}
            )
            # The form lives inside the card: replace the whole card on success.
            response["HX-Retarget"] = f"#q-{question.pk}"
            response["HX-Reswap"] = "outerHTML"
            return response
    return render(
        request, "referrals/partials/_refer_form.html", {**context, "form": form}, status=422
    )


@login_required
def referral_list(request, slug):
    role = role_for(request.user, slug)
    outcome = request.GET.get("outcome", "")
    if outcome not in Referral.Outcome.values:
        outcome = ""
    page = Paginator(selectors.referrals_for(role, outcome=outcome), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/list.html",
        {
            "role": role,
            "page": page,
            "outcome": outcome,
            "outcomes": Referral.Outcome.choices,
            "counts": selectors.referral_outcome_counts(role),
            "can_reply": role.can("reply"),
        },
    )


@login_required
@require_POST
def referral_outcome(request, slug, referral_id):
    role = role_for(request.user, slug, "reply")
    referral = selectors.referral_get(role, referral_id)
    try:
        services.referral_outcome_set(
            role=role, referral=referral, outcome=request.POST.get("outcome", "")
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Outcome recorded."))
    return redirect("referrals:list", slug)
