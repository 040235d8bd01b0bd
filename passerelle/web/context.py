"""What the base template needs to draw a service's navigation, for every page.

A context processor, so domain views pass only their `role` and import nothing from web.
"""

from passerelle.channels.models import Channel


def service_shell(request) -> dict:
    """The simulator links of the service a page is about (lazily: only pages that draw
    the service navigation run the query)."""
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    if not slug or not request.user.is_authenticated:
        return {}

    def sim_channels():
        return Channel.objects.filter(
            service__slug=slug,
            service__staff_roles__user=request.user,
            type="simulator",
            is_active=True,
        )

    return {"sim_channels": sim_channels}
