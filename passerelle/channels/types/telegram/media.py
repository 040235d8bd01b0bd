"""Fetching a member's voice note, photo or document from the Bot API when a moderator opens it."""

import mimetypes

from telegram.error import TelegramError

from passerelle.channels.types.base import SendError
from passerelle.channels.types.telegram import client

# The Bot API serves files up to 20 MB; larger ones need a self-hosted Bot API server.
MAX_BYTES = 20 * 1024 * 1024


def media_fetch(channel, media: dict) -> tuple[bytes, str]:
    """Download the file behind a Telegram file_id: getFile, then the file URL."""
    file_id = media.get("file_id")
    if not file_id:
        raise SendError("this message has no Telegram file id", permanent=True)

    async def fetch(bot):
        found = await bot.get_file(file_id)
        if found.file_size and found.file_size > MAX_BYTES:
            raise SendError("the file is larger than 20 MB", permanent=True)
        return found.file_path or "", bytes(await found.download_as_bytearray())

    try:
        path, data = client.call(channel, "getFile", fetch)
    except TelegramError as exc:
        raise client.send_error(exc, channel) from exc
    content_type = media.get("mime_type") or mimetypes.guess_type(path)[0]
    if not content_type and media.get("media_field") == "voice":
        content_type = "audio/ogg"
    return data, content_type or "application/octet-stream"
