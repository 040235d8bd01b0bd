"""Only bytes whose magic numbers prove a raster image or audio/video are shown inline."""

import pytest

from passerelle.common.untrusted_files import sniff, untrusted_file_response


@pytest.mark.parametrize(
    "head, content_type",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x1cftypavif", "image/avif"),
        (b"OggS\x00\x02" + b"\x00" * 22 + b"OpusHead", "audio/ogg"),
        (b"ID3\x04\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "audio/mpeg"),
        (b"\xff\xf1\x50\x80\x02", "audio/aac"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio/mp4"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftyp3gp4\x00\x00", "video/3gpp"),
        (b"#!AMR\n\x3c", "audio/amr"),
        (b"#!AMR-WB\n\x04", "audio/amr-wb"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86", "video/webm"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
    ],
)
def test_formats_shown_inline_are_recognised_by_their_bytes(head, content_type):
    assert sniff(head + b"\x00" * 64) == content_type


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<?xml version='1.0'?><svg/>",
        b"<!doctype html><script>alert(1)</script>",
        "\ufeff<html>".encode("utf-16-le"),  # starts with 0xFF 0xFE, like an MPEG frame
        b"%PDF-1.7\n",
        b"PK\x03\x04",
        b"RIFF\x24\x00\x00\x00AVI LIST",
        b"\x00\x00\x00\x18ftypheic",
        b"",
    ],
)
def test_anything_else_is_not(data):
    assert sniff(data) is None


def test_a_download_keeps_a_harmless_version_of_the_members_file_name():
    response = untrusted_file_response(b"%PDF-1.7", '../../etc/"passwd"\r\nX-Evil: 1.pdf')
    assert response["Content-Type"] == "application/octet-stream"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\n" not in disposition
    assert "/" not in disposition and '"passwd"' not in disposition
    arabic = untrusted_file_response(b"%PDF", "استمارة.pdf")["Content-Disposition"]
    assert "filename*=utf-8''" in arabic
