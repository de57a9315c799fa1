"""Files made for the extraction tests and benchmark: PDFs written object by object (a text layer,
an image only, ten thousand pages, a stream that inflates to a gigabyte), an encrypted
one, Word documents and a ZIP bomb dressed as one."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from pypdf import PdfReader, PdfWriter

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _text(line: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + line.encode("latin-1") + b") Tj ET"


def pdf_with_text(*pages: str) -> bytes:
    """A PDF whose pages show ``pages`` in Helvetica (a real text layer)."""
    count = len(pages)
    # 1 catalog, 2 page tree, 3 font, then a page and its content for each page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, _FONT]
    for i, line in enumerate(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
                       % (5 + 2 * i))
        objects.append(_stream(_text(line)))
    return _pdf(objects)


def pdf_of_many_pages(count: int, line: str = "page") -> bytes:
    """``count`` pages that share one content stream: small on disk, long to walk."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count, _FONT,
               _stream(_text(line))]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"] * count
    return _pdf(objects)


def pdf_of_an_image() -> bytes:
    """A scan: one page showing one grey image, and no text at all."""
    pixels = zlib.compress(bytes([128]) * 64 * 64)
    image = _stream(pixels, b"/Type /XObject /Subtype /Image /Width 64 /Height 64 "
                            b"/ColorSpace /DeviceGray /BitsPerComponent 8 "
                            b"/Filter /FlateDecode")
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                 b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
                 image, _stream(b"q 600 0 0 780 6 6 cm /Im1 Do Q")])


def pdf_bomb(inflated: int = 1024 ** 3) -> bytes:
    """One page whose content stream is ``inflated`` bytes of zeros, deflated (~1 MB
    for a gigabyte)."""
    packer = zlib.compressobj(6)
    chunk = bytes(1024 * 1024)
    packed = b"".join(packer.compress(chunk) for _ in range(inflated // len(chunk)))
    packed += packer.flush()
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                 b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                 _stream(packed, b"/Filter /FlateDecode"), _FONT])


def encrypted_pdf(text: str, password: str = "mat-khau") -> bytes:  # noqa: S107
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text(text))))
    writer.encrypt(user_password=password, owner_password=password + "-owner",
                   algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(*paragraphs: str, table: tuple[str, ...] = ()) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        cells = document.add_table(rows=1, cols=len(table)).rows[0].cells
        for cell, text in zip(cells, table, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_bomb(inflated: int = 1024 ** 3) -> bytes:
    """A real Word document with one more part that inflates to ``inflated`` bytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_with("harmless")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            bomb.writestr(entry, source.read(entry))
        entry = zipfile.ZipInfo("word/media/zeros.bin")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with bomb.open(entry, "w",
                       force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
    return out.getvalue()
