"""The UI shell: home page and the context every service page shares."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from passerelle.orgs.selectors import organisations_administered, roles_for


def landing_url(role) -> str:
    """Where a role starts: the inbox, the assigned questions for a partner specialist, the
    reports' dashboard for a viewer."""
    from django.urls import reverse

    if role.can("inbox"):
        return reverse("conversations:inbox", args=[role.service.slug])
    if role.can("read"):
        return reverse("questions:list", args=[role.service.slug])
    if role.can("read_reports"):
        return reverse("reports:dashboard", args=[role.service.slug])
    return reverse("web:home")


@login_required
def home(request):
    roles = list(roles_for(request.user))
    if len(roles) == 1:
        return redirect(landing_url(roles[0]))
    links = [(role, landing_url(role)) for role in roles]
    can_create = organisations_administered(request.user).exists()
    return render(request, "web/home.html", {"roles": links, "can_create": can_create})
