"""What the per-platform staff media tests share: stored files and their media dicts."""

from passerelle.channels.outgoing_files import media_of, outgoing_file_store

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def staff_media(service, data, content_type, name, kind="") -> dict:
    stored = outgoing_file_store(
        org_id=service.org_id,
        uploader="1",
        data=data,
        content_type=content_type,
        file_name=name,
        kind=kind,
    )
    return media_of(stored)
