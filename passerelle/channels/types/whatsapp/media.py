"""Fetching a member's voice note, image or document from the Cloud API, on demand."""

from passerelle.channels.http import platform_request
from passerelle.channels.types import meta
from passerelle.channels.types.base import SendError

MAX_BYTES = 100 * 1024 * 1024


def media_fetch(channel, media: dict) -> tuple[bytes, str]:
    """GET /{media_id} gives a short-lived URL; GET that URL with the token gives the bytes."""
    media_id = media.get("media_id")
    if not media_id:
        raise SendError("this message has no WhatsApp media id", permanent=True)
    headers = {"Authorization": f"Bearer {channel.secrets.get('access_token', '')}"}
    found = platform_request(
        channel, "media", "GET", meta.graph_url(channel, media_id), headers=headers
    )
    if found.status_code >= 400:
        raise SendError(
            f"media lookup answered {found.status_code}", permanent=found.status_code < 500
        )
    info = found.json() if found.content else {}
    url = info.get("url") if isinstance(info, dict) else None
    if not url:
        raise SendError("the platform gave no download address", permanent=True)
    download = platform_request(
        channel, "media download", "GET", url, headers=headers, member_file=True
    )
    if download.status_code >= 400:
        raise SendError(
            f"media download answered {download.status_code}", permanent=download.status_code < 500
        )
    if len(download.content) > MAX_BYTES:
        raise SendError("the file is larger than 100 MB", permanent=True)
    content_type = info.get("mime_type") or download.headers.get("content-type")
    return download.content, content_type or "application/octet-stream"
