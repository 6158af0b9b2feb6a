"""Attachment checks and text extraction, on real files built in the tests (no database)."""

import hashlib
import io
import logging
import struct
import zipfile
import zlib

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from gongkai.core.errors import DomainError
from gongkai.disclosures.files import (
    ALLOWED_KINDS,
    AttachmentRejected,
    CheckedFile,
    check,
    extract_text,
    safe_filename,
    sniff,
)

MB = 1024 * 1024
OFD_TITLE = "关于征地补偿标准的通知"


# ---------------------------------------------------------------------------------------------
# Builders of real files


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF, one line of ASCII text per page in Helvetica, with a correct xref."""
    n = len(pages)
    font_id = 3 + 2 * n
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n))
        + b"] /Count %d >>" % n,
    ]
    for i, text in enumerate(pages):
        content = b"BT /F1 12 Tf 72 770 Td (" + text.encode("ascii") + b") Tj ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, 4 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(path) -> bytes:
    document = docx.Document()
    document.add_paragraph("关于公开2024年度财政预算的说明")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额（万元）"
    table.cell(0, 2).text = "备注"
    table.cell(1, 0).text = "征地补偿"
    table.cell(1, 1).text = "1200"
    merged = table.cell(2, 0).merge(table.cell(2, 2))
    merged.text = "合计见附表"
    document.add_paragraph("联系人：办公室")
    document.save(path)
    return path.read_bytes()


def make_xlsx(path) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补偿标准"
    sheet.append(["地类", "单价（元/亩）", "备注"])
    sheet.append(["水田", 52000, None])
    sheet.append(["旱地", 41000.0, "含青苗费"])
    other = workbook.create_sheet("说明")
    other["B3"] = "自公布之日起施行"
    workbook.save(path)
    return path.read_bytes()


def text_code(text: str, y: float, boundary_y: float = 0) -> str:
    return (
        f'<ofd:TextObject ID="9" Boundary="10 {boundary_y} 180 10" Font="1" Size="5">'
        f'<ofd:TextCode X="0" Y="{y}">{text}</ofd:TextCode></ofd:TextObject>'
    )


def ofd_content(*objects: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2">'
        + "".join(objects)
        + "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def make_ofd(
    pages: dict[str, str], *, page_order: list[str] | None = None, extra: dict | None = None
) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml."""
    order = list(pages) if page_order is None else page_order
    page_list = "".join(
        f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/{name}/Content.xml"/>' for i, name in enumerate(order)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "OFD.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
            "<ofd:CommonData><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:CommonData>"
            f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>",
        )
        for name, content in pages.items():
            zf.writestr(f"Doc_0/Pages/{name}/Content.xml", content)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def make_png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def make_zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def checked(data: bytes, filename: str, max_bytes: int = 10 * MB) -> CheckedFile:
    return check(io.BytesIO(data), filename=filename, max_bytes=max_bytes)


# ---------------------------------------------------------------------------------------------
# Kinds


def test_allowed_kinds_have_chinese_label_mime_and_extension():
    assert ALLOWED_KINDS["pdf"].label == "PDF 文档"
    assert ALLOWED_KINDS["docx"].label == "Word 文档"
    assert ALLOWED_KINDS["xlsx"].label == "Excel 表格"
    assert ALLOWED_KINDS["ofd"].label == "OFD 版式文档"
    for code in ("png", "jpeg", "gif", "tiff", "webp"):
        assert ALLOWED_KINDS[code].label == "图片"
    assert ALLOWED_KINDS["jpeg"].mime == "image/jpeg"
    assert ALLOWED_KINDS["jpeg"].extension == ".jpg"
    assert ALLOWED_KINDS["docx"].mime.endswith("wordprocessingml.document")
    assert all(k.code == code and k.extension.startswith(".") for code, k in ALLOWED_KINDS.items())
    assert issubclass(AttachmentRejected, DomainError)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"GIF87a\x01\x00", "gif"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
    ],
)
def test_sniff_signatures(head, kind):
    assert sniff(head, "whatever.txt") == kind


def test_sniff_zip_from_whole_content_or_file_object(tmp_path):
    data = make_docx(tmp_path / "a.docx")
    assert sniff(data, "a.docx") == "docx"
    fileobj = io.BytesIO(data)
    fileobj.seek(5)
    assert sniff(data[:64], "a.docx", fileobj=fileobj) == "docx"
    assert fileobj.tell() == 5  # position restored


# ---------------------------------------------------------------------------------------------
# Accepted files and their text


def test_pdf_is_checked_and_all_pages_extracted():
    data = make_pdf(["Notice on land compensation", "Second page text"])
    result = checked(data, "征地补偿通知.PDF")
    assert result == CheckedFile(
        kind="pdf",
        mime="application/pdf",
        extension=".pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        safe_name="征地补偿通知.pdf",
    )
    text = extract_text(io.BytesIO(data), "pdf")
    assert "Notice on land compensation" in text
    assert text.index("Notice") < text.index("Second page text")
    assert "\n" in text


def test_content_decides_and_extension_is_corrected():
    data = make_pdf(["Disguised"])
    result = checked(data, "通知.docx")
    assert (result.kind, result.extension, result.safe_name) == ("pdf", ".pdf", "通知.pdf")
    assert checked(make_png(), "照片.exe").safe_name == "照片.png"
    assert checked(make_png(), "第3.5版").safe_name == "第3.5版.png"  # unknown "extension" is kept


def test_pdf_with_owner_password_only_is_read_and_user_password_gives_empty(caplog):
    plain = make_pdf(["Restricted but readable"])
    assert "Restricted but readable" in extract_text(io.BytesIO(encrypt_pdf(plain, "")), "pdf")
    locked = encrypt_pdf(plain, "secret")
    assert checked(locked, "加密.pdf").kind == "pdf"
    with caplog.at_level(logging.WARNING, logger="gongkai.disclosures.files"):
        assert extract_text(io.BytesIO(locked), "pdf") == ""
    assert "password" in caplog.text


def test_docx_paragraphs_and_table_cells_in_order(tmp_path):
    data = make_docx(tmp_path / "预算说明.docx")
    result = checked(data, "预算说明.docx")
    assert (result.kind, result.safe_name) == ("docx", "预算说明.docx")
    text = extract_text(io.BytesIO(data), "docx")
    lines = text.splitlines()
    assert lines[0] == "关于公开2024年度财政预算的说明"
    assert "项目\t金额（万元）\t备注" in lines
    assert "征地补偿\t1200" in lines
    assert lines.count("合计见附表") == 1  # a merged cell is read once
    assert lines[-1] == "联系人：办公室"
    assert text.index("征地补偿") < text.index("联系人")


def test_xlsx_sheet_names_then_rows(tmp_path):
    data = make_xlsx(tmp_path / "标准.xlsx")
    assert checked(data, "标准.xlsx").kind == "xlsx"
    text = extract_text(io.BytesIO(data), "xlsx")
    assert text.splitlines() == [
        "补偿标准",
        "地类\t单价（元/亩）\t备注",
        "水田\t52000",
        "旱地\t41000\t含青苗费",
        "说明",
        "\t自公布之日起施行",
    ]


def test_ofd_text_codes_in_page_order():
    data = make_ofd(
        {
            "Page_0": ofd_content(
                text_code(OFD_TITLE, 10),
                # one TextCode per character on a single baseline: joined without separators
                *(text_code(ch, 5, boundary_y=30) for ch in "各乡镇人民政府"),
            ),
            "Page_1": ofd_content(text_code("第二页正文", 10)),
        },
    )
    result = checked(data, "通知.ofd")
    assert (result.kind, result.mime, result.extension) == ("ofd", "application/ofd", ".ofd")
    assert extract_text(io.BytesIO(data), "ofd").splitlines() == [OFD_TITLE, "各乡镇人民政府", "第二页正文"]


def test_ofd_page_order_follows_document_xml_then_folder_numbers():
    pages = {"Page_0": ofd_content(text_code("甲", 1)), "Page_1": ofd_content(text_code("乙", 1))}
    listed = make_ofd(pages, page_order=["Page_1", "Page_0"])
    assert extract_text(io.BytesIO(listed), "ofd") == "乙\n甲"
    # Document.xml lists no pages: fall back to numeric folder order (Page_2 before Page_10)
    pages = {"Page_10": ofd_content(text_code("十", 1)), "Page_2": ofd_content(text_code("二", 1))}
    unlisted = make_ofd(pages, page_order=[])
    assert extract_text(io.BytesIO(unlisted), "ofd") == "二\n十"


def test_png_is_accepted_and_has_no_text():
    data = make_png()
    result = checked(data, "现场照片.png")
    assert (result.kind, result.mime, result.safe_name) == ("png", "image/png", "现场照片.png")
    assert extract_text(io.BytesIO(data), "png") == ""


def test_django_uploaded_file_is_accepted_and_rewound():
    data = make_pdf(["Uploaded"])
    upload = SimpleUploadedFile("公告.pdf", data, content_type="text/html")  # browser's claim ignored
    result = check(upload, filename=upload.name, max_bytes=MB)
    assert (result.kind, result.mime, result.size) == ("pdf", "application/pdf", len(data))
    assert upload.tell() == 0
    assert upload.read() == data
    assert "Uploaded" in extract_text(upload, "pdf")
    assert upload.tell() == 0


def test_extract_text_is_truncated_to_max_chars(tmp_path):
    data = make_pdf(["A" * 50, "B" * 50])
    assert extract_text(io.BytesIO(data), "pdf", max_chars=10) == "A" * 10
    assert len(extract_text(io.BytesIO(make_docx(tmp_path / "x.docx")), "docx", max_chars=5)) == 5


# ---------------------------------------------------------------------------------------------
# Rejected files


def assert_rejected(data: bytes, filename: str, *fragments: str, max_bytes: int = 10 * MB):
    fileobj = io.BytesIO(data)
    fileobj.seek(3)
    with pytest.raises(AttachmentRejected) as caught:
        check(fileobj, filename=filename, max_bytes=max_bytes)
    assert fileobj.tell() == 0  # rewound even when refused
    assert caught.value.status_code == 400
    for fragment in fragments:
        assert fragment in caught.value.message
    return caught.value.message


NOT_ALLOWED = "的内容不是允许的格式（PDF、Word、Excel、OFD 或图片），已拒收。"


def test_exe_renamed_pdf_is_rejected():
    exe = (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )
    message = assert_rejected(exe, "年度报告.pdf", "附件“年度报告.pdf”" + NOT_ALLOWED)
    assert message == "附件“年度报告.pdf”的内容不是允许的格式（PDF、Word、Excel、OFD 或图片），已拒收。"


def test_exe_with_appended_zip_is_rejected(tmp_path):
    # a self-extracting archive: the ZIP directory is found from the end, but the file is an EXE
    assert_rejected(b"MZ" + b"\x00" * 100 + make_docx(tmp_path / "a.docx"), "a.docx", NOT_ALLOWED)


def test_html_renamed_docx_is_rejected():
    html = "<!DOCTYPE html><html><body><script>alert(1)</script>通知</body></html>".encode()
    assert_rejected(html, "通知.docx", "附件“通知.docx”" + NOT_ALLOWED)


def test_old_word_doc_is_rejected():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert_rejected(ole, "旧格式.doc", NOT_ALLOWED)


def test_plain_zip_and_ambiguous_zip_are_rejected():
    assert_rejected(make_zip({"readme.txt": "hello", "data/a.csv": "1,2"}), "资料.zip", NOT_ALLOWED)
    assert_rejected(make_zip({"word/document.xml": "<w/>"}), "缺少类型.docx", NOT_ALLOWED)
    polyglot = make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "OFD.xml": "<ofd/>"})
    assert_rejected(polyglot, "两面.docx", NOT_ALLOWED)
    assert_rejected(b"PK\x03\x04" + b"\x00" * 40, "截断.docx", NOT_ALLOWED)


def test_empty_file_is_rejected():
    assert_rejected(b"", "空白.pdf", "附件“空白.pdf”是空文件，已拒收。")


def test_oversize_file_is_rejected_with_limit_in_mb():
    data = make_pdf(["x"]) + b"%" + b"0" * (2 * MB)
    assert_rejected(data, "大文件.pdf", "附件“大文件.pdf”超过大小上限 2 MB，已拒收。", max_bytes=2 * MB)
    upload = SimpleUploadedFile("big.pdf", data)
    with pytest.raises(AttachmentRejected, match=r"超过大小上限 1\.5 MB"):
        check(upload, filename="big.pdf", max_bytes=int(1.5 * MB))
    assert upload.tell() == 0
    with pytest.raises(AttachmentRejected, match="超过大小上限 0.00098 MB"):
        checked(data, "tiny-limit.pdf", max_bytes=1024)
    assert checked(data, "ok.pdf", max_bytes=len(data)).size == len(data)  # the limit itself is allowed


def test_declared_size_of_uploaded_file_is_enough_to_refuse():
    class Huge(io.BytesIO):
        size = 50 * MB

        def read(self, *args):  # pragma: no cover - must not be reached
            raise AssertionError("the content of an oversize upload is not read")

    with pytest.raises(AttachmentRejected, match="超过大小上限 20 MB"):
        check(Huge(b"%PDF-"), filename="huge.pdf", max_bytes=20 * MB)


def test_zip_bomb_is_rejected():
    bomb = make_zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Res/zeros.bin": b"\x00" * 30_000})
    assert len(bomb) < 1000  # small on the wire ...
    assert_rejected(bomb, "炸弹.ofd", "附件“炸弹.ofd”解压后体积超过", "疑似压缩炸弹", max_bytes=1000)
    assert checked(bomb, "炸弹.ofd", max_bytes=2000).kind == "ofd"  # ... 20× of 2000 bytes is enough


def test_macro_enabled_office_file_is_rejected(tmp_path):
    path = tmp_path / "宏.docx"
    make_docx(path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    assert_rejected(path.read_bytes(), "宏.docx", "含有宏代码")


# ---------------------------------------------------------------------------------------------
# Malformed files of an allowed kind: no text, no exception


def test_corrupted_pdf_gives_empty_text(caplog):
    garbage = b"%PDF-1.4\n" + bytes(range(256)) * 4
    assert checked(garbage, "坏.pdf").kind == "pdf"  # the magic is right ...
    with caplog.at_level(logging.WARNING):
        assert extract_text(io.BytesIO(garbage), "pdf") == ""  # ... the content is not
    truncated = make_pdf(["Cut short"])[:60]
    assert extract_text(io.BytesIO(truncated), "pdf") == ""


def test_malformed_office_and_ofd_give_empty_text():
    broken_docx = make_zip({"[Content_Types].xml": "<Types", "word/document.xml": "not xml"})
    assert extract_text(io.BytesIO(broken_docx), "docx") == ""
    broken_xlsx = make_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "\x00\x01"})
    assert extract_text(io.BytesIO(broken_xlsx), "xlsx") == ""
    assert extract_text(io.BytesIO(make_zip({"OFD.xml": "<<<"})), "ofd") == ""
    external = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextObject Boundary="0 0 1 1">'
        "<ofd:TextCode>公开&e;</ofd:TextCode></ofd:TextObject></ofd:Page>"
    )
    text = extract_text(io.BytesIO(make_ofd({"Page_0": external})), "ofd")
    assert text.startswith("公开")
    assert "root:" not in text  # external entities are never resolved
    assert extract_text(io.BytesIO(b"not a zip at all"), "ofd") == ""
    assert extract_text(io.BytesIO(b""), "docx") == ""
    assert extract_text(io.BytesIO(b"whatever"), "exe") == ""


# ---------------------------------------------------------------------------------------------
# File names


def test_path_traversal_and_control_characters_are_removed():
    data = make_pdf(["x"])
    assert checked(data, "../../etc/passwd").safe_name == "passwd.pdf"
    assert checked(data, "..\\..\\Windows\\报告\x00\x1f\x7f.pdf").safe_name == "报告.pdf"
    assert checked(data, "/var/tmp/a\r\nb.pdf").safe_name == "a b.pdf"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("关于  征地补偿\t的通知.pdf", "关于 征地补偿 的通知.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),  # right-to-left override hiding ".exe"
        ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
        ("", "附件.pdf"),
        ("../..", "附件.pdf"),
        ("...pdf", "pdf.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("CON.pdf", "_CON.pdf"),
        ("报告.pdf.exe", "报告.pdf"),
        ("报告.PDF", "报告.pdf"),
    ],
)
def test_safe_filename(filename, expected):
    assert safe_filename(filename, ".pdf") == expected


def test_long_names_are_cut_to_200_characters_keeping_the_extension():
    name = safe_filename("征" * 300 + ".docx", ".docx")
    assert len(name) == 200
    assert name == "征" * 195 + ".docx"
    message = assert_rejected(b"MZ", "长" * 300 + ".pdf", NOT_ALLOWED)
    assert len(message) < 200
