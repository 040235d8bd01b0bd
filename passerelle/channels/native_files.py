"""Files members send on Passerelle's own platforms (simulator, web chat): the store.

A member page receives the upload (from the visitor's or the staff member's session),
stores it here and answers a token; the page then posts the usual envelope through the
signed webhook with `"file": token`, so the message itself takes the one pipeline. The
adapter resolves the token when it parses the event and serves the bytes through
`media_fetch` when a moderator opens the message, as Telegram's and WhatsApp's do.

Only allowed types are stored, and only when the bytes prove the declared type (a file
called photo.jpg that holds HTML is refused): see common.untrusted_files.
"""

import secrets
import time

from django.conf import settings
from django.utils.translation import gettext as _

from passerelle.channels import ratelimit
from passerelle.channels.models import Channel, NativeFile
from passerelle.channels.types.base import RateLimit
from passerelle.common.untrusted_files import sniff

# Declared type → the types sniff() may prove for it (None: checked by its own magic).
ALLOWED = {
    "audio/ogg": {"audio/ogg"},
    "audio/webm": {"video/webm"},  # the WebM container; MediaRecorder's Opus in Chromium
    "audio/mpeg": {"audio/mpeg"},
    "audio/mp4": {"audio/mp4", "video/mp4"},  # MediaRecorder in Safari, .m4a files
    "audio/aac": {"audio/aac"},
    "image/jpeg": {"image/jpeg"},
    "image/png": {"image/png"},
    "image/webp": {"image/webp"},
    "application/pdf": None,
}
KINDS = {"voice", "audio", "photo", "document"}


class FileRejected(ValueError):
    """The upload was refused; the message says why, for the member."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _proven(content_type: str, data: bytes) -> bool:
    if content_type == "application/pdf":
        return data[:5] == b"%PDF-"
    return sniff(data) in ALLOWED[content_type]


def _default_kind(content_type: str) -> str:
    if content_type.startswith("image/"):
        return "photo"
    if content_type.startswith("audio/"):
        return "audio"
    return "document"


def upload_limit(channel: Channel, address: str) -> RateLimit:
    # Ends with ":<address>": erasing the person deletes their window too (channels.privacy).
    return RateLimit(
        key=f"native-upload:{channel.pk}:{address}",
        limit=settings.NATIVE_FILE_UPLOADS_PER_MINUTE,
        period=60,
    )


def file_check(content_type: str, data: bytes, max_bytes: int) -> str:
    """The declared type, normalised, once it is allowed and the bytes prove it; else
    FileRejected saying why (members' and staff's files follow the same rules)."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type not in ALLOWED:
        raise FileRejected(
            _("This type of file cannot be sent: send a photo (JPEG, PNG, WebP), a PDF or a sound.")
        )
    if not data:
        raise FileRejected(_("The file is empty."))
    if len(data) > max_bytes:
        raise FileRejected(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
            status=413,
        )
    if not _proven(content_type, data):
        raise FileRejected(_("The file's content does not match its type."))
    return content_type


def native_file_store(
    *, channel: Channel, address: str, data: bytes, content_type: str, file_name: str, kind=""
) -> NativeFile:
    """Keep one file a sender on a native channel is about to send; FileRejected says why not."""
    if channel.type not in ("simulator", "webchat"):
        raise FileRejected(_("This channel does not take files."))
    if not address:
        raise FileRejected(_("Say who you are first."), status=403)
    content_type = file_check(content_type, data, settings.NATIVE_FILE_MAX_BYTES)
    # The shared limiter itself, not ratelimit.acquire: RATE_LIMITS switches the platforms'
    # send limits, and this one guards our own store whatever that setting says.
    limiter, limit = ratelimit.limiter(), upload_limit(channel, address)
    decision = limiter.acquire([limit], None)
    if not decision.allowed:
        raise FileRejected(_("Too many files at once: wait a minute and try again."), status=429)
    limiter.settle([limit], decision.token, time.time())
    if kind not in KINDS or (kind == "voice" and not content_type.startswith("audio/")):
        kind = _default_kind(content_type)
    return NativeFile.objects.create(
        org_id=channel.org_id,
        channel=channel,
        address=address[:200],
        token=secrets.token_urlsafe(32),
        kind=kind,
        mime_type=content_type,
        file_name=(file_name or "").replace("/", "_").replace("\\", "_")[:200],
        size=len(data),
        data=data,
    )


def native_file_get(channel: Channel, token, address: str | None = None) -> NativeFile | None:
    """The file `token` names on this channel (and, when given, sent by `address`)."""
    if not isinstance(token, str) or not 0 < len(token) <= 64:
        return None
    files = NativeFile.objects.filter(channel=channel, token=token)
    if address is not None:
        files = files.filter(address=address)
    return files.first()
