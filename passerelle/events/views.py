"""Staff pages of an event: its date, place and places (while its post can change), who
registered and who waits, adding a member by hand, cancelling a registration, a CSV.

Needs "publish", as posts do.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from passerelle.common.confirm import confirm_page, confirmed
from passerelle.communities.selectors import memberships_for
from passerelle.events import selectors, services
from passerelle.events.forms import EventForm
from passerelle.orgs.selectors import role_for
from passerelle.posts.selectors import post_get

SEARCH_LIMIT = 20


def _errors(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def event_page(request, slug, post_id):
    role = role_for(request.user, slug, "publish")
    post = post_get(role, post_id)
    event = selectors.event_of(role, post)
    here = reverse("events:event", args=[slug, post.pk])
    tz = role.service.tz
    initial = {}
    if event is not None:
        local = timezone.localtime(event.starts_at, tz)
        initial = {
            "starts_at": local.replace(tzinfo=None),
            "place": event.place,
            "link": event.link,
            "capacity": event.capacity,
        }
    form = EventForm(initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                form = EventForm(request.POST)
                if form.is_valid():
                    data = form.cleaned_data
                    services.event_save(
                        role=role,
                        post=post,
                        starts_at=timezone.make_aware(data["starts_at"].replace(tzinfo=None), tz),
                        place=data["place"],
                        link=data["link"],
                        capacity=data["capacity"],
                    )
                    messages.success(request, _("Event saved."))
                    return redirect(here)
            elif action == "remove" and event is not None:
                if not confirmed(request):
                    return confirm_page(
                        request,
                        question=_("Remove the event from this post?"),
                        button=_("Remove the event"),
                        cancel_url=here,
                    )
                services.event_remove(role=role, post=post)
                messages.success(request, _("The post announces no event any more."))
                return redirect(here)
            elif action == "add" and event is not None:
                membership = (
                    memberships_for(role, query="", status="active")
                    .filter(member_id=request.POST.get("member"))
                    .select_related("member")
                    .first()
                )
                if membership is None:
                    raise Http404("No such member")
                services.registration_add_by_staff(role=role, event=event, member=membership.member)
                messages.success(request, _("Registration added."))
                return redirect(here)
            elif action == "cancel" and event is not None:
                registration = selectors.registration_get(role, event, request.POST.get("id"))
                if registration is None:
                    raise Http404("No such registration")
                if not confirmed(request):
                    return confirm_page(
                        request,
                        question=_("Cancel the registration of %(name)s?")
                        % {"name": registration.member.display_name},
                        button=_("Cancel the registration"),
                        cancel_url=here,
                        detail=_("They are told; the first person waiting takes the place."),
                    )
                promoted = services.registration_cancel(role=role, registration=registration)
                messages.success(request, _("Registration cancelled."))
                if promoted is not None:
                    messages.info(
                        request,
                        _("%(name)s had been waiting and is now registered.")
                        % {"name": promoted.member.display_name},
                    )
                return redirect(here)
        except ValidationError as exc:
            _errors(request, exc)
    query = request.GET.get("q", "").strip()
    found = []
    if event is not None and query:
        found = list(
            memberships_for(role, query=query, status="active").select_related("member")[
                :SEARCH_LIMIT
            ]
        )
    registrations = list(selectors.registrations_of(role, event)) if event else []
    return render(
        request,
        "events/event.html",
        {
            "role": role,
            "post": post,
            "event": event,
            "form": form,
            "registrations": registrations,
            "query": query,
            "found": found,
            "registered_ids": {r.member_id for r in registrations if r.state != "cancelled"},
        },
    )


@login_required
def registrations_csv(request, slug, post_id):
    role = role_for(request.user, slug, "publish")
    post = post_get(role, post_id)
    event = selectors.event_of(role, post)
    if event is None:
        raise Http404("No event")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{post.pk}-registrations.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Arabic names) only with the mark
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("State"), _("How"), _("Registered at")])
    tz = role.service.tz
    for r in selectors.registrations_of(role, event):
        writer.writerow(
            [
                r.member.display_name,
                r.get_state_display(),
                r.get_via_display(),
                timezone.localtime(r.registered_at, tz).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response
