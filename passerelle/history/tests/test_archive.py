"""The ZIP WhatsApp writes (chat text + media): read the text, count the files, refuse tricks."""

import zipfile

import pytest

from passerelle.history import archive
from passerelle.history.records import ExportError
from passerelle.history.tests.samples import ANDROID_GROUP, zipped


def _write(tmp_path, data: bytes):
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    return path


def test_the_chat_text_is_read_and_the_media_counted(tmp_path):
    path = _write(
        tmp_path,
        zipped(
            {
                "WhatsApp Chat with Ottawa newcomers.txt": ANDROID_GROUP,
                "IMG-20170314-WA0001.jpg": b"\xff\xd8\xff" + b"0" * 100,
                "PTT-20170314-WA0002.opus": b"OggS" + b"0" * 100,
            }
        ),
    )
    assert archive.is_zip(path)
    data, media = archive.export_member(path, suffix=".txt")
    assert archive.decoded(data) == ANDROID_GROUP and media == 2


def test_iphone_names_its_text_chat_txt(tmp_path):
    path = _write(tmp_path, zipped({"_chat.txt": "a", "notes.txt": "b", "photo.jpg": b"x"}))
    data, media = archive.export_member(path, suffix=".txt", preferred=("_chat.txt",))
    assert data == b"a" and media == 2


def test_utf16_text_is_decoded():
    assert archive.decoded("hé".encode("utf-16")) == "hé"


@pytest.mark.parametrize(
    "name", ["../../etc/chat.txt", "/tmp/chat.txt", "C:/chat.txt", "a\\..\\chat.txt"]
)
def test_names_that_climb_out_are_refused(tmp_path, name):
    path = _write(tmp_path, zipped({name: "x"}))
    with pytest.raises(ExportError, match="outside"):
        archive.export_member(path, suffix=".txt")


def test_a_text_that_inflates_too_much_is_refused(tmp_path):
    path = _write(tmp_path, zipped({"chat.txt": "a" * (3 * 1024 * 1024)}))
    with pytest.raises(ExportError, match="inflates"):
        archive.export_member(path, suffix=".txt")


def test_a_text_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, zipped({"chat.txt": "abc" * 1000}))
    monkeypatch.setattr(archive, "MAX_TEXT_BYTES", 2000)
    with pytest.raises(ExportError, match="larger than"):
        archive.export_member(path, suffix=".txt")


def test_an_encrypted_text_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, zipped({"chat.txt": "abc"}))
    real = zipfile.ZipFile.infolist

    def encrypted(self):
        infos = real(self)
        for info in infos:
            info.flag_bits |= 0x1
        return infos

    monkeypatch.setattr(zipfile.ZipFile, "infolist", encrypted)
    with pytest.raises(ExportError, match="encrypted"):
        archive.export_member(path, suffix=".txt")


def test_an_archive_without_one_text_is_refused(tmp_path):
    with pytest.raises(ExportError, match="one .txt"):
        archive.export_member(_write(tmp_path, zipped({"a.jpg": b"x"})), suffix=".txt")
    with pytest.raises(ExportError, match="one .txt"):
        archive.export_member(_write(tmp_path, zipped({"a.txt": "", "b.txt": ""})), suffix=".txt")


def test_a_broken_archive_is_refused(tmp_path):
    path = _write(tmp_path, b"PK\x03\x04 not really a zip")
    with pytest.raises(ExportError):
        archive.export_member(path, suffix=".txt")
