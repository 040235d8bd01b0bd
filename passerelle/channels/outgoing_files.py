"""Files staff send (voice notes, photos, documents): the store, and the media they become.

The inbox (or a posts composer) uploads the file here first and gets a token; the message
then carries `media = {"kind", "file": token, "name", "content_type", "size"}` through
message_send like any other, so it takes the one pipeline. Each adapter reads the bytes
when it sends (outgoing_file_for) and says beforehand what its platform refuses
(ChannelType.media_problem).

Only the types members may send are kept, and only when the bytes prove the declared type
(native_files.ALLOWED). A voice note recorded as WebM/Opus is kept as Ogg/Opus, the voice
format of Telegram and WhatsApp; one that cannot be remuxed stays a sound file.
"""

import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from passerelle.channels import ratelimit
from passerelle.channels.models import OutgoingFile
from passerelle.channels.native_files import FileRejected, _default_kind, file_check
from passerelle.channels.types.base import RateLimit
from passerelle.channels.voice import NotConverted, webm_to_ogg_opus

log = logging.getLogger(__name__)

KINDS = ("voice", "audio", "photo", "document")
# Smaller than this, a WebM recording is its header alone (Chromium's is ~110 bytes).
EMPTY_RECORDING = 1024
_SALT = "passerelle.outgoing-file"


def outgoing_file_store(
    *,
    org_id: int,
    uploader: str,
    data: bytes,
    content_type: str,
    file_name: str,
    kind="",
    service_id: int | None = None,
) -> OutgoingFile:
    """Keep one file a staff member is about to send; FileRejected says why not.

    `uploader` names who uploads (a staff user's id) for the per-minute limit; the file is
    deleted with the service's media once past its retention (`service_id`).
    """
    content_type = file_check(content_type, data, settings.OUTGOING_FILE_MAX_BYTES)
    limiter = ratelimit.limiter()
    limit = RateLimit(
        key=f"outgoing-upload:{org_id}:{uploader}",
        limit=settings.OUTGOING_FILE_UPLOADS_PER_MINUTE,
        period=60,
    )
    decision = limiter.acquire([limit], None)
    if not decision.allowed:
        raise FileRejected(_("Too many files at once: wait a minute and try again."), status=429)
    limiter.settle([limit], decision.token, time.time())
    if kind not in KINDS or (kind == "voice" and not content_type.startswith("audio/")):
        kind = _default_kind(content_type)
    name = (file_name or "").replace("/", "_").replace("\\", "_")[:200]
    if content_type == "audio/webm":
        # Every platform that plays voice notes plays Ogg/Opus; none takes WebM.
        try:
            data, content_type = webm_to_ogg_opus(data), "audio/ogg"
            name = (name.rsplit(".", 1)[0] if "." in name else name or "voice") + ".ogg"
        except NotConverted as exc:
            if kind == "voice" and len(data) < EMPTY_RECORDING:
                # The recorder gave a header and no sound (a microphone that never started).
                raise FileRejected(_("The recording has no sound: record it again.")) from exc
            log.warning("voice note kept as WebM: %s", exc)
            kind = "audio"
    return OutgoingFile.objects.create(
        org_id=org_id,
        service_id=service_id,
        token=secrets.token_urlsafe(32),
        kind=kind,
        mime_type=content_type,
        file_name=name,
        size=len(data),
        data=data,
    )


def outgoing_files_delete(*, org_id: int, ids) -> int:
    """Delete stored files by id (a person's signed consent forms, when their data is
    erased); how many went."""
    if not ids:
        return 0
    return OutgoingFile.objects.filter(org_id=org_id, pk__in=list(ids)).delete()[0]


def media_of(stored: OutgoingFile) -> dict:
    """The media dict a message carries for a stored file."""
    return {
        "kind": stored.kind,
        "file": stored.token,
        "name": stored.file_name,
        "content_type": stored.mime_type,
        "size": stored.size,
    }


def outgoing_media(org_id: int, value) -> dict | None:
    """The media for the token a form sent back (its other fields are re-read, not trusted)."""
    token = value.get("file") if isinstance(value, dict) else value
    stored = _get(org_id, token)
    return media_of(stored) if stored is not None else None


def outgoing_file_for(org_id: int, media) -> OutgoingFile | None:
    """The stored file a message's media names, if it is a staff file of this organisation."""
    if not isinstance(media, dict):
        return None
    return _get(org_id, media.get("file"))


def _get(org_id, token) -> OutgoingFile | None:
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    return OutgoingFile.objects.filter(org_id=org_id, token=token).first()


def signed_url(stored: OutgoingFile, *, absolute: bool = True) -> str:
    """Where a platform (Twilio's MMS) or a member page fetches the file, for a while."""
    signed = signing.TimestampSigner(salt=_SALT).sign(stored.token)
    path = reverse("channels:outgoing_file", args=[signed])
    return settings.PUBLIC_URL + path if absolute else path


def signed_file(signed: str) -> OutgoingFile | None:
    """The file a signed address names, while it has not expired."""
    try:
        token = signing.TimestampSigner(salt=_SALT).unsign(
            signed, max_age=settings.OUTGOING_FILE_URL_SECONDS
        )
    except signing.BadSignature:
        return None
    return OutgoingFile.objects.filter(token=token).first()


def media_refusal(media: dict, channels) -> str:
    """Why one of `channels` cannot carry the staff file `media` ("" when all can): said
    before anything is queued, so nothing half goes out."""
    for channel in dict.fromkeys(channels):
        if problem := channel.channel_type.media_problem(channel, media):
            return problem
    return ""
