"""Files a member sends from the simulator or the web chat page, and serving them back.

The upload only stores the file (channels.native_files) and answers its token; the page
then sends the message through the signed webhook like any other, naming the token. A
member's page serves a file back only to the sender it came from.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from passerelle.channels.native_files import FileRejected, native_file_get, native_file_store
from passerelle.common.untrusted_files import sandboxed, untrusted_file_response


def upload_response(request, channel, address: str | None) -> JsonResponse:
    """Store request.FILES["file"] for `address`; JSON {file, media, file_name} or {error}."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a file first.")}, status=400)
    try:
        stored = native_file_store(
            channel=channel,
            address=address or "",
            data=upload.read(),
            content_type=upload.content_type,
            file_name=upload.name,
            kind=request.POST.get("kind", ""),
        )
    except FileRejected as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    return JsonResponse(
        {"file": stored.token, "media": stored.kind, "file_name": stored.file_name}, status=201
    )


def file_response(channel, token: str, address: str | None):
    """The bytes of a file `address` sent on this channel (404 for anyone else's). Staff
    files are served at their signed address (channels.outgoing_files)."""
    found = native_file_get(channel, token, address=address) if address else None
    if found is None:
        response = JsonResponse({"error": "no such file"}, status=404)
        return sandboxed(response)
    return untrusted_file_response(bytes(found.data), found.file_name)
