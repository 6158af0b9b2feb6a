"""Fixtures of the public pages: items published through the real review workflow, files on disk."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit


@pytest.fixture(autouse=True)
def fast_and_isolated(settings, tmp_path):
    """Attachments go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def publish(staff):
    """publish(item) takes a DEPT-A draft through submit → review → approve, as the three staff."""

    def run(item):
        disclosure_submit(disclosure=item, actor=staff["op_a"])
        disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
        item = disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
        item.refresh_from_db()
        return item

    return run


@pytest.fixture
def published(draft_factory, publish):
    """published(**fields) drafts and publishes one item in DEPT-A."""

    def make(**fields):
        return publish(draft_factory(**fields))

    return make


def _pdf(name: str = "实施办法.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def _png(name: str = "示意图.png") -> SimpleUploadedFile:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00\xff\x00\x00" * 2
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def uploads():
    """Real files to attach: ``uploads["pdf"]()`` and ``uploads["png"]()`` (optionally with a name)."""
    return {"pdf": _pdf, "png": _png}
