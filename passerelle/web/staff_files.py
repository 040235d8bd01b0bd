"""Staff upload a file (or a voice note recorded in the page) before sending it.

The reply box and the posts composer (web/_attach_staff.html + static/web/staff_media.js)
post the file here and get back the media dict to send with the message; the store and
its checks are the pipeline's (channels.outgoing_files).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from passerelle.channels.native_files import FileRejected
from passerelle.channels.outgoing_files import media_of, outgoing_file_store, signed_url
from passerelle.orgs.selectors import role_for


@login_required
@require_POST
def upload(request, slug):
    """Store request.FILES["file"]; JSON {"media", "preview"} (201) or {"error"} saying why not."""
    role = role_for(request.user, slug, "reply")
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file first.")}, status=400)
    if upload.size > settings.OUTGOING_FILE_MAX_BYTES:
        # Said before reading it all into memory.
        message = _("The file is too large: at most %(mb)s MB.") % {
            "mb": settings.OUTGOING_FILE_MAX_BYTES // (1024 * 1024)
        }
        return JsonResponse({"error": message}, status=413)
    try:
        stored = outgoing_file_store(
            org_id=role.service.org_id,
            service_id=role.service_id,
            uploader=str(request.user.pk),
            data=upload.read(),
            content_type=upload.content_type,
            file_name=upload.name,
            kind=request.POST.get("kind", ""),
        )
    except FileRejected as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    # The preview plays this copy: what will go out (a voice note already in Ogg/Opus).
    preview = signed_url(stored, absolute=False)
    return JsonResponse({"media": media_of(stored), "preview": preview}, status=201)
