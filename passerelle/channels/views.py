"""The admin page of a service's channels: list, connect from a generated form, deactivate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.channels import outgoing_files
from passerelle.channels.forms import connect_form_class
from passerelle.channels.models import Channel
from passerelle.channels.services import channel_connect, channel_deactivate
from passerelle.channels.types.base import ConnectError
from passerelle.channels.types.registry import UnknownChannelType, all_types, get
from passerelle.channels.types.webchat.push import push_shows_text_set
from passerelle.common.confirm import confirm_page, confirmed
from passerelle.common.untrusted_files import sandboxed, untrusted_file_response
from passerelle.orgs.selectors import role_for


def _connectable():
    # Types that need something from the admin; the native ones are added by the CLI/demo.
    return [t for t in all_types() if t.connect_fields]


def _rows(role):
    rows = []
    for channel in Channel.objects.filter(service_id=role.service_id).order_by("-is_active", "pk"):
        try:
            channel_type = channel.channel_type
        except UnknownChannelType:
            channel_type = None
        rows.append(
            {
                "channel": channel,
                "type_name": channel_type.name if channel_type else channel.type,
                "notices": channel_type.admin_notices(channel) if channel_type else [],
            }
        )
    return rows


@login_required
def channel_settings(request, slug):
    role = role_for(request.user, slug, "configure")
    return render(
        request,
        "channels/settings.html",
        {"role": role, "rows": _rows(role), "types": _connectable()},
    )


@login_required
def channel_connect_view(request, slug, type_slug):
    role = role_for(request.user, slug, "configure")
    try:
        channel_type = get(type_slug)
    except UnknownChannelType:
        raise Http404("No such channel type") from None
    if not channel_type.connect_fields:
        raise Http404("This channel type is not connected from here")
    form_class = connect_form_class(channel_type)
    form = form_class(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "name"}
        try:
            channel = channel_connect(
                service=role.service,
                type_slug=type_slug,
                values=values,
                name=form.cleaned_data["name"],
                actor=request.user,
            )
        except ConnectError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("%(type)s connected: %(name)s")
                % {"type": channel_type.name, "name": channel.name},
            )
            return redirect("channels:settings", slug)
    return render(
        request,
        "channels/connect.html",
        {"role": role, "form": form, "channel_type": channel_type, "error": error},
        status=422 if error or form.errors else 200,
    )


@login_required
@require_POST
def channel_deactivate_view(request, slug, channel_id):
    role = role_for(request.user, slug, "configure")
    channel = Channel.objects.filter(service_id=role.service_id, pk=channel_id).first()
    if channel is None:
        raise Http404("No such channel")
    if not confirmed(request):
        return confirm_page(
            request,
            question=_(
                "Deactivate %(name)s? It stops receiving and sending; members on it are no "
                "longer reached. To use it again, connect the account again."
            )
            % {"name": channel.name},
            button=_("Deactivate"),
            cancel_url=f"/s/{slug}/channels/",
        )
    channel_deactivate(channel=channel, actor=request.user)
    messages.success(request, _("%(name)s no longer receives or sends.") % {"name": channel.name})
    return redirect("channels:settings", slug)


def outgoing_file(request, signed):
    """A staff file at its signed, expiring address: no session (Twilio fetches it)."""
    stored = outgoing_files.signed_file(signed)
    if stored is None:
        return sandboxed(
            HttpResponse(_("This link has expired."), status=404, content_type="text/plain")
        )
    return untrusted_file_response(bytes(stored.data), stored.file_name)


@login_required
@require_POST
def channel_push_text_view(request, slug, channel_id):
    """Whether a web chat's notifications show the beginning of the message."""
    role = role_for(request.user, slug, "configure")
    channel = Channel.objects.filter(
        service_id=role.service_id, pk=channel_id, type="webchat", is_active=True
    ).first()
    if channel is None:
        raise Http404("No such web chat")
    shown = request.POST.get("shown") == "1"
    push_shows_text_set(channel=channel, shown=shown)
    messages.success(
        request,
        _("Notifications now show the beginning of each message.")
        if shown
        else _("Notifications now only say “New message”."),
    )
    return redirect("channels:settings", slug)
