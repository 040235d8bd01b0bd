"""Revealing one member address to a staff member allowed to see it (logged)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from passerelle.members.services import identity_reveal
from passerelle.orgs.selectors import role_for


@login_required
@require_POST
def reveal(request, slug, identity_id):
    """The address in full, in place of its masked form (htmx), and a line in the log."""
    role = role_for(request.user, slug, "reveal")
    identity = identity_reveal(role=role, identity_id=identity_id)
    context = {"role": role, "identity": identity, "revealed": True}
    if request.headers.get("HX-Request"):
        response = render(request, "members/partials/_identity.html", context)
    else:
        response = render(request, "members/reveal.html", context)
    # Never kept by a browser or a proxy: the next look is a new reveal, logged again.
    response["Cache-Control"] = "no-store"
    return response
