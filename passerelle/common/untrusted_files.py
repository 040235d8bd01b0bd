"""Serving files that strangers sent (members' photos, voice notes, documents) to staff.

A member chooses a file's bytes, its name and the type the platform declares, so none of
them decides how a browser treats it: an SVG or HTML file served inline runs its script
with the moderator's session. Only bytes whose magic numbers prove a raster image or an
audio/video format are served inline, under the type the bytes prove; everything else is
a download. Every response is sandboxed (CSP `sandbox`: no script, no same-origin access)
and marked nosniff, so a browser never second-guesses the type either.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Types browsers play or show without running anything from the file.
_MAGIC = [
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"OggS", "audio/ogg"),  # Opus voice notes (Telegram, WhatsApp), Vorbis
    (0, b"ID3", "audio/mpeg"),
    (0, b"#!AMR-WB\n", "audio/amr-wb"),
    (0, b"#!AMR\n", "audio/amr"),
    (0, b"fLaC", "audio/flac"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
]
_RIFF = {b"WEBP": "image/webp", b"WAVE": "audio/wav"}
# ISO base media (MP4 family): the major brand at bytes 8-12 says which.
_FTYP = {
    b"M4A ": "audio/mp4",
    b"M4B ": "audio/mp4",
    b"avif": "image/avif",
    b"3gp4": "video/3gpp",
    b"3gp5": "video/3gpp",
    b"3g2a": "video/3gpp2",
    b"qt  ": "video/quicktime",
}
_MP4_BRANDS = (b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"dash", b"MSNV", b"M4V ")
CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"


def sniff(data: bytes) -> str | None:
    """The type the bytes themselves prove, when it is one safe to show inline; else None."""
    head = bytes(data[:32])
    for offset, magic, content_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _FTYP:
            return _FTYP[brand]
        return "video/mp4" if brand in _MP4_BRANDS else None
    return _mpeg_audio(head)


def _mpeg_audio(head: bytes) -> str | None:
    """An MP3 frame or AAC (ADTS) header without its ID3 tag; reserved values rule out
    text that merely starts with 0xFF (a UTF-16 byte-order mark)."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    if head[1] & 0x06 == 0:  # layer bits 00: ADTS
        return "audio/aac" if head[1] & 0x16 == 0x10 and (head[2] >> 2) & 0x0F < 13 else None
    version, bitrate, rate = (head[1] >> 3) & 3, head[2] >> 4, (head[2] >> 2) & 3
    return "audio/mpeg" if version != 1 and bitrate != 15 and rate != 3 else None


def sandboxed(response: HttpResponse) -> HttpResponse:
    """Headers every answer about an untrusted file carries, the errors included."""
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    # Other sites may not embed members' files, even with the moderator's cookies.
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def untrusted_file_response(data: bytes, file_name: str = "") -> HttpResponse:
    """Bytes from a stranger: inline when sniff() proves a safe type, a download otherwise."""
    proven = sniff(data)
    response = HttpResponse(data, content_type=proven or "application/octet-stream")
    if proven is None:
        response["Content-Disposition"] = content_disposition_header(
            True, _safe_name(file_name) or "file"
        )
    response["Cache-Control"] = "private, max-age=3600"
    return sandboxed(response)


def _safe_name(name) -> str:
    # The name is the member's too: no path, no control characters, no header tricks.
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable() and c not in '"\r\n')[:200].strip(". ")
