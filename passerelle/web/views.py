"""The UI shell: home page and the context every service page shares."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from passerelle.channels.models import Channel
from passerelle.orgs.selectors import roles_for


def service_context(role) -> dict:
    """What the base template needs to draw a service's navigation."""
    return {
        "role": role,
        "sim_channels": Channel.objects.filter(
            service_id=role.service_id, type="simulator", is_active=True
        ),
    }


@login_required
def home(request):
    roles = list(roles_for(request.user))
    if len(roles) == 1:
        return redirect("conversations:inbox", roles[0].service.slug)
    return render(request, "web/home.html", {"roles": roles})
