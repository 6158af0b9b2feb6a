"""Attachments of government information items: what may be uploaded, and their text.

This module is pure (no models, no storage). It answers three questions:

``check(fileobj, filename=..., max_bytes=...)``
    May this upload be kept? The kind is decided from the *content* (magic bytes, and for ZIP
    containers the names of their parts), never from the file name or the browser's
    ``Content-Type``. A file whose content is allowed but whose extension is wrong (a PDF named
    ``通知.docx``) is accepted, and ``CheckedFile.safe_name`` carries the corrected extension
    (``通知.pdf``) so the stored name tells the truth. Everything else raises
    :class:`AttachmentRejected` with a message that can be shown to the uploader as is.

``sniff(head, filename)``
    The content-sniffing step on its own.

``extract_text(fileobj, kind)``
    Plain text of an accepted attachment, for sensitive-word scanning and full-text search.
    It never raises on a malformed file: it logs a warning and returns ``""``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import posixpath
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO

from gongkai.core.errors import DomainError

logger = logging.getLogger(__name__)

MB = 1024 * 1024

#: How many leading bytes :func:`check` hands to :func:`sniff`.
HEAD_SIZE = 64
#: A ZIP container may unpack to at most this many times the upload limit ...
ZIP_EXPANSION_FACTOR = 20
#: ... and never to more than this, whatever the limit.
ZIP_MAX_UNCOMPRESSED = 500 * MB
#: A ZIP container with more parts than this is refused (real documents have far fewer).
ZIP_MAX_MEMBERS = 10_000
#: Longest ``safe_name``, in characters, extension included.
MAX_NAME_CHARS = 200
#: Name used when nothing usable is left of the uploaded file name.
DEFAULT_STEM = "附件"

OFD_NS = "http://www.ofdspec.org/2016"

ALLOWED_SUMMARY = "PDF、Word、Excel、OFD 或图片"


class AttachmentRejected(DomainError):
    """The upload is not kept. ``message`` names the file and says why (HTTP 400)."""


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mime: str
    extension: str  # canonical, with the leading dot: ".pdf"
    aliases: tuple[str, ...] = ()  # other extensions (no dot) that mean the same kind


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # a key of ALLOWED_KINDS
    mime: str  # canonical MIME type of the kind (not the browser's claim)
    extension: str  # canonical extension with the leading dot, e.g. ".docx"
    size: int  # bytes
    sha256: str  # hex digest of the whole content
    safe_name: str  # cleaned file name, ending in ``extension``


_IMAGE = "图片"
ALLOWED_KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        k.code: k
        for k in (
            Kind("pdf", "PDF 文档", "application/pdf", ".pdf"),
            Kind(
                "docx",
                "Word 文档",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".docx",
            ),
            Kind(
                "xlsx",
                "Excel 表格",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ".xlsx",
            ),
            Kind("ofd", "OFD 版式文档", "application/ofd", ".ofd"),
            Kind("png", _IMAGE, "image/png", ".png"),
            Kind("jpeg", _IMAGE, "image/jpeg", ".jpg", ("jpeg", "jpe", "jfif")),
            Kind("gif", _IMAGE, "image/gif", ".gif"),
            Kind("tiff", _IMAGE, "image/tiff", ".tif", ("tiff",)),
            Kind("webp", _IMAGE, "image/webp", ".webp"),
        )
    }
)

IMAGE_KINDS = frozenset(code for code, k in ALLOWED_KINDS.items() if k.label == _IMAGE)
ZIP_KINDS = frozenset({"docx", "xlsx", "ofd"})

# Extensions that are replaced (rather than kept and appended to) when the name is corrected.
_KNOWN_EXTENSIONS = frozenset(
    {k.extension[1:] for k in ALLOWED_KINDS.values()}
    | {a for k in ALLOWED_KINDS.values() for a in k.aliases}
    | set(
        "doc docm dot dotx xls xlsm xlsb xlt xltx ppt pptx wps et dps rtf txt csv htm html xml zip rar 7z "
        "bmp svg exe bin ceb caj".split()
    )
)
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)
_FORBIDDEN_CHARS = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")
# Cc control, Cf format (bidi overrides such as U+202E hide a real extension), Cs lone surrogates,
# Zl/Zp line and paragraph separators.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


# ---------------------------------------------------------------------------------------------
# Names and messages


def _clean_component(filename: str) -> str:
    """Last path component of ``filename``, without control characters or Windows-hostile ones."""
    name = unicodedata.normalize("NFC", filename or "")
    name = "".join(" " if ch.isspace() else ch for ch in name)  # tabs, newlines, U+3000 ...
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    parts = [p for p in re.split(r"[/\\]", name) if p.strip(" .")]
    name = parts[-1] if parts else ""
    name = _FORBIDDEN_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name)
    return name.strip(" .")


def _display_name(filename: str) -> str:
    name = _clean_component(filename) or "未命名文件"
    return name if len(name) <= 80 else name[:79] + "…"


def safe_filename(filename: str, extension: str) -> str:
    """A storable, displayable name: no directories or control characters, Chinese kept,
    at most ``MAX_NAME_CHARS`` characters, ending in ``extension`` (".pdf").

    A trailing known extension (``.doc``, ``.exe``, ``.pdf`` ...) is replaced rather than kept, so
    ``通知.PDF`` becomes ``通知.pdf`` and ``通知.docx`` holding a PDF becomes ``通知.pdf``; an unknown
    one is kept (``第3.5版`` becomes ``第3.5版.pdf``).
    """
    stem = _clean_component(filename)
    for _ in range(3):
        base, dot, ext = stem.rpartition(".")
        if not dot or ext.lower() not in _KNOWN_EXTENSIONS:
            break
        stem = base.rstrip(" .")
    if not stem:
        stem = DEFAULT_STEM
    if stem.split(".", 1)[0].strip().upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    stem = stem[: MAX_NAME_CHARS - len(extension)].rstrip(" .") or DEFAULT_STEM
    return stem + extension


def _format_mb(n: int) -> str:
    value = n / MB
    if value >= 0.01:
        return f"{round(value, 2):g} MB"
    return f"{value:.2g} MB"


def _not_allowed(filename: str) -> AttachmentRejected:
    return AttachmentRejected(
        f"附件“{_display_name(filename)}”的内容不是允许的格式（{ALLOWED_SUMMARY}），已拒收。"
    )


# ---------------------------------------------------------------------------------------------
# Sniffing

_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = b"PK\x03\x04"


def _sniff_magic(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_PNG):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _zip_kind(zf: zipfile.ZipFile) -> str | None:
    """docx / xlsx / ofd from the part names; ``None`` when none or more than one matches."""
    names = set(zf.namelist())
    found = []
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        found.append("docx")
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        found.append("xlsx")
    if "OFD.xml" in names:
        found.append("ofd")
    return found[0] if len(found) == 1 else None


def _open_zip(fileobj: IO[bytes]) -> zipfile.ZipFile:
    return zipfile.ZipFile(fileobj)


def sniff(head: bytes, filename: str, *, fileobj: IO[bytes] | None = None) -> str:
    """Kind of the content (a key of ``ALLOWED_KINDS``), decided from its bytes only.

    ``head`` is the start of the file (``HEAD_SIZE`` bytes are plenty for the signatures).
    ZIP containers (DOCX, XLSX, OFD) are told apart by their part names, for which the ZIP's
    central directory at the *end* of the file is needed: pass the whole seekable file as
    ``fileobj`` (its position is restored), or pass the whole content as ``head``.
    ``filename`` is only used in the error message. Raises :class:`AttachmentRejected`.
    """
    kind = _sniff_magic(head)
    if kind:
        return kind
    if head.startswith(_ZIP):
        source = fileobj if fileobj is not None else io.BytesIO(head)
        position = source.tell()
        try:
            with _open_zip(source) as zf:
                kind = _zip_kind(zf)
                if kind and any(info.flag_bits & 0x1 for info in zf.infolist()):
                    kind = None  # ZIP-level encryption: no office suite writes that
        except Exception:  # BadZipFile, truncated or lying headers ...: not a document we can accept
            kind = None
        finally:
            source.seek(position)
        if kind:
            return kind
    raise _not_allowed(filename)


# ---------------------------------------------------------------------------------------------
# Checking


def _zip_limit(max_bytes: int) -> int:
    return min(ZIP_EXPANSION_FACTOR * max_bytes, ZIP_MAX_UNCOMPRESSED)


def _check_container(fileobj: IO[bytes], filename: str, limit: int) -> None:
    """Refuse ZIP bombs and macro-enabled Office files. Declared sizes are trusted here because
    ``zipfile`` never inflates a member beyond its declared size (it stops and fails the CRC)."""
    name = _display_name(filename)
    with _open_zip(fileobj) as zf:
        infos = zf.infolist()
        if len(infos) > ZIP_MAX_MEMBERS:
            raise AttachmentRejected(f"附件“{name}”内部包含的文件过多，疑似恶意压缩文件，已拒收。")
        total = sum(info.file_size for info in infos)
        if total > limit:
            raise AttachmentRejected(
                f"附件“{name}”解压后体积超过 {_format_mb(limit)}，疑似压缩炸弹，已拒收。"
            )
        if any(posixpath.basename(info.filename).lower() == "vbaproject.bin" for info in infos):
            raise AttachmentRejected(
                f"附件“{name}”含有宏代码，已拒收。请另存为不含宏的 Word 或 Excel 文件后重新上传。"
            )


def check(fileobj: IO[bytes], *, filename: str, max_bytes: int) -> CheckedFile:
    """Validate an upload and describe it, or raise :class:`AttachmentRejected`.

    ``fileobj`` is a Django ``UploadedFile`` or any seekable binary file object; it is rewound to
    the start afterwards (also when the upload is rejected). ``filename`` is the name the uploader
    gave; only the cleaned :attr:`CheckedFile.safe_name` should be stored or shown.
    """
    name = _display_name(filename)
    too_big = AttachmentRejected(f"附件“{name}”超过大小上限 {_format_mb(max_bytes)}，已拒收。")
    declared = getattr(fileobj, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise too_big
    try:
        fileobj.seek(0)
        digest = hashlib.sha256()
        size = 0
        while chunk := fileobj.read(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise too_big
            digest.update(chunk)
        if size == 0:
            raise AttachmentRejected(f"附件“{name}”是空文件，已拒收。")
        fileobj.seek(0)
        head = fileobj.read(HEAD_SIZE)
        kind = sniff(head, filename, fileobj=fileobj)
        if kind in ZIP_KINDS:
            fileobj.seek(0)
            try:
                _check_container(fileobj, filename, _zip_limit(max_bytes))
            except AttachmentRejected:
                raise
            except Exception as exc:
                raise _not_allowed(filename) from exc
    finally:
        fileobj.seek(0)
    spec = ALLOWED_KINDS[kind]
    return CheckedFile(
        kind=kind,
        mime=spec.mime,
        extension=spec.extension,
        size=size,
        sha256=digest.hexdigest(),
        safe_name=safe_filename(filename, spec.extension),
    )


# ---------------------------------------------------------------------------------------------
# Text extraction


class _Collector:
    """Accumulates text pieces and says when ``limit`` characters have been reached."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.length = 0

    @property
    def full(self) -> bool:
        return self.length >= self.limit

    def add(self, text: str) -> None:
        if text and not self.full:
            self.parts.append(text)
            self.length += len(text) + 1

    def text(self) -> str:
        return "\n".join(self.parts)[: self.limit]


def _pdf_text(fileobj: IO[bytes], out: _Collector) -> None:
    from pypdf import PdfReader

    reader = PdfReader(fileobj, strict=False)
    if reader.is_encrypted:
        # Many published PDFs only carry an owner password (print/copy restrictions) and open with
        # an empty user password; those are read. Anything else is left alone.
        try:
            opened = reader.decrypt("")
        except Exception as exc:
            logger.warning("Encrypted PDF could not be opened (%s); no text extracted", exc)
            return
        if not opened:
            logger.warning("PDF is protected by a password; no text extracted")
            return
    for number, page in enumerate(reader.pages, start=1):
        try:
            out.add(page.extract_text() or "")
        except Exception as exc:
            logger.warning("Text of PDF page %d could not be extracted: %s", number, exc)
        if out.full:
            break


def _docx_blocks(container) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            # A merged cell is returned once per grid position it covers; read it once. The set
            # holds the lxml elements themselves (not id()), so their proxies stay alive and stable.
            seen: set = set()
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    text = "\n".join(t for t in _docx_blocks(cell) if t).strip()
                    if text:
                        cells.append(text)
                if cells:
                    yield "\t".join(cells)


def _docx_text(fileobj: IO[bytes], out: _Collector) -> None:
    import docx

    document = docx.Document(fileobj)
    for text in _docx_blocks(document):
        out.add(text)
        if out.full:
            break


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_text(fileobj: IO[bytes], out: _Collector) -> None:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no default style", unknown extensions ...
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                out.add(sheet.title)
                # Declared dimensions may be wrong or absurd (A1:XFD1048576); go by the real cells.
                sheet.reset_dimensions()
                for row in sheet.iter_rows(values_only=True):
                    cells = [_cell_text(v) for v in row]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        out.add("\t".join(cells))
                    if out.full:
                        return
        finally:
            workbook.close()


_OFD_PART_MAX = 64 * MB
_PAGE_PATH = re.compile(r"^Doc_(\d+)/Pages/Page_(\d+)/Content\.xml$")


def _xml(zf: zipfile.ZipFile, name: str):
    from lxml import etree

    info = zf.getinfo(name)
    if info.file_size > _OFD_PART_MAX:
        raise ValueError(f"{name} is too large ({info.file_size} bytes)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    root = etree.fromstring(zf.read(name), parser)
    if root is None:
        raise ValueError(f"{name} is not XML")
    return root


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ofd_resolve(base_dir: str, loc: str, names: set[str]) -> str | None:
    loc = (loc or "").strip().replace("\\", "/")
    if not loc:
        return None
    path = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base_dir, loc))
    for candidate in (path, posixpath.join(path, "Content.xml")):
        if candidate in names:
            return candidate
    return None


def _ofd_pages(zf: zipfile.ZipFile) -> list[str]:
    """Content.xml of every page, in reading order: as listed by OFD.xml → DocRoot → Pages
    (GB/T 33190), falling back to the Doc_N/Pages/Page_M folder numbering."""
    names = set(zf.namelist())
    pages: list[str] = []
    try:
        for doc_root in (e for e in _xml(zf, "OFD.xml").iter() if _local(e.tag) == "DocRoot"):
            document_path = _ofd_resolve("", doc_root.text or "", names)
            if not document_path:
                continue
            base_dir = posixpath.dirname(document_path)
            for page in (e for e in _xml(zf, document_path).iter() if _local(e.tag) == "Page"):
                path = _ofd_resolve(base_dir, page.get("BaseLoc", ""), names)
                if path and path not in pages:
                    pages.append(path)
    except Exception as exc:
        logger.warning("OFD document structure could not be read (%s); using page folder order", exc)
        pages = []
    if pages:
        return pages
    numbered = []
    for name in names:
        match = _PAGE_PATH.match(name)
        if match:
            numbered.append((int(match.group(1)), int(match.group(2)), name))
    return [name for *_, name in sorted(numbered)]


def _number(value: str | None, index: int = 0) -> float:
    try:
        return float((value or "").split()[index])
    except (IndexError, ValueError):
        return 0.0


def _ofd_page_lines(root) -> Iterator[str]:
    """Text of one page. Producers often write one TextCode per line, word or even character;
    codes on the same baseline are joined without a separator, a new baseline starts a new line."""
    line: list[str] = []
    last_y: float | None = None
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        origin_y = _number(obj.get("Boundary"), 1)
        code_y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode":
                continue
            if code.get("Y") is not None:
                code_y = _number(code.get("Y"))
            y = origin_y + code_y
            if last_y is not None and abs(y - last_y) > 0.5 and line:
                yield "".join(line)
                line = []
            last_y = y
            line.append(code.text or "")
    if line:
        yield "".join(line)


def _ofd_text(fileobj: IO[bytes], out: _Collector) -> None:
    with _open_zip(fileobj) as zf:
        for path in _ofd_pages(zf):
            try:
                root = _xml(zf, path)
            except Exception as exc:
                logger.warning("OFD page %s could not be read: %s", path, exc)
                continue
            for text in _ofd_page_lines(root):
                out.add(text)
            if out.full:
                break


_EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text, "ofd": _ofd_text}


def extract_text(fileobj: IO[bytes], kind: str, *, max_chars: int = 2_000_000) -> str:
    """Plain text of an attachment of ``kind`` (as returned by :func:`check`), at most
    ``max_chars`` characters.

    PDF: every page (pypdf), pages separated by newlines. DOCX: body paragraphs and table
    cells in document order (cells of a row tab-separated). XLSX: per sheet its name, then
    the non-empty rows, cells tab-separated. OFD: the ``TextCode`` texts of every page in
    page order. Images: ``""`` (no OCR). Malformed, encrypted or oversized input gives ``""``
    (and a logged warning), never an exception. The file is rewound afterwards.
    """
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        if kind not in ALLOWED_KINDS:
            logger.warning("extract_text called with unknown kind %r", kind)
        return ""
    out = _Collector(max(0, max_chars))
    try:
        fileobj.seek(0)
        if kind in ZIP_KINDS:
            with _open_zip(fileobj) as zf:
                total = sum(info.file_size for info in zf.infolist())
            if total > ZIP_MAX_UNCOMPRESSED:
                logger.warning("%s attachment unpacks to %d bytes; no text extracted", kind, total)
                return ""
            fileobj.seek(0)
        extractor(fileobj, out)
    except Exception as exc:
        logger.warning("Text of %s attachment could not be extracted: %s: %s", kind, type(exc).__name__, exc)
        return ""
    finally:
        try:
            fileobj.seek(0)
        except Exception:  # noqa: S110 - a closed or broken file object: nothing more to do
            pass
    return out.text()
