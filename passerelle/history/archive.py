"""Reading an export that came as a ZIP: WhatsApp's "Export chat" with media (the chat's
.txt beside the photos and voice notes), or a zipped Telegram Desktop export folder.

The archive comes from outside: nothing is extracted to disk, only the one text member is
read, with a cap on what it may inflate to (its declared size is not trusted), and names
that climb out of the archive or hide a path trick make the whole file refused.
"""

import zipfile
from pathlib import PurePosixPath

from passerelle.history.records import ExportError

MAX_TEXT_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 200_000
# A chat's text compresses about 5 to 10 times; far more is a bomb.
MAX_RATIO = 200
_CHUNK = 1024 * 1024


def is_zip(path) -> bool:
    """Whether the file is a ZIP archive (whatever its name says)."""
    return zipfile.is_zipfile(path)


def _safe(name: str) -> bool:
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in PurePosixPath(name).parts


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & 0x1:
        raise ExportError(f"{info.filename} is encrypted: export the chat again without a password")
    if info.file_size > MAX_TEXT_BYTES:
        raise ExportError(f"{info.filename} is larger than {MAX_TEXT_BYTES // 2**20} MB")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise ExportError(f"{info.filename} inflates {MAX_RATIO} times or more: refused")
    parts, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > MAX_TEXT_BYTES:
                raise ExportError(f"{info.filename} inflates past its declared size: refused")
            parts.append(chunk)
    return b"".join(parts)


def export_member(path, *, suffix: str, preferred: tuple[str, ...] = ()) -> tuple[bytes, int]:
    """(bytes of the export's one `suffix` file, number of other files beside it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ExportError(f"the archive holds more than {MAX_MEMBERS} files")
            unsafe = [i.filename for i in infos if not _safe(i.filename)]
            if unsafe:
                raise ExportError(f"the archive names a file outside itself: {unsafe[0]!r}")
            files = [i for i in infos if not i.is_dir()]
            texts = [i for i in files if i.filename.lower().endswith(suffix)]
            chosen = [i for i in texts if PurePosixPath(i.filename).name in preferred] or texts
            if len(chosen) != 1:
                names = ", ".join(i.filename for i in texts) or "none"
                raise ExportError(f"the archive should hold one {suffix} file (found: {names})")
            return _read_capped(archive, chosen[0]), len(files) - 1
    except zipfile.BadZipFile as exc:
        raise ExportError(f"the archive cannot be read: {exc}") from exc


def decoded(data: bytes) -> str:
    """An export's text: UTF-8 (with or without a byte-order mark), or UTF-16 with one."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")
