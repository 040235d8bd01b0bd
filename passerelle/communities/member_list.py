"""The member list of a service: search, filter by membership status, paginate."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from passerelle.common.pages import page_get
from passerelle.communities.models import Membership
from passerelle.communities.selectors import memberships_for
from passerelle.orgs.selectors import role_for

PAGE_SIZE = 25


@login_required
def member_list(request, slug):
    role = role_for(request.user, slug, "inbox")
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in Membership.Status.values:
        status = ""
    page = page_get(
        memberships_for(role, query=query, status=status), PAGE_SIZE, request.GET.get("page")
    )
    return render(
        request,
        "communities/member_list.html",
        {
            "role": role,
            "page": page,
            "query": query,
            "status": status,
            "statuses": Membership.Status.choices,
        },
    )
