"""The PDF file of a demo document: a one-page official letterhead with the document's
number, title and issuer in Vietnamese, laid out by WeasyPrint as the console's reports
are (``hub.console.pdf``).

WeasyPrint takes a few seconds to load its fonts the first time, so each distinct page
is made once per process and its bytes reused. Without WeasyPrint (or Pango) the
document is published without its file.
"""

from __future__ import annotations

import functools
from html import escape


def document_pdf(number: str, title: str, issuer: str, issued_on: str) -> bytes | None:
    """The PDF of a document, or None when PDFs cannot be made on this machine."""
    return _rendered(number, title, issuer, issued_on)


@functools.cache
def _rendered(number: str, title: str, issuer: str, issued_on: str) -> bytes | None:
    try:
        from weasyprint import HTML
    except (ImportError, OSError):
        return None
    year, month, day = issued_on.split("-")
    page = (
        '<html lang="vi"><head><meta charset="utf-8"><style>'
        "body { font-family: serif; font-size: 13pt; } .head { display: flex; "
        "justify-content: space-between; text-align: center; } h1 { font-size: 14pt; "
        "text-align: center; }</style></head><body>"
        f'<div class="head"><p><strong>{escape(issuer.upper())}</strong><br>'
        f"Số: {escape(number)}</p><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>"
        f"<br>Độc lập – Tự do – Hạnh phúc<br><em>Lạng Sơn, ngày {day} tháng {month} năm "
        f"{year}</em></p></div><h1>{escape(title)}</h1>"
        "<p>Văn bản minh họa của Cổng thông tin điện tử (dữ liệu trình diễn).</p>"
        "</body></html>")
    return HTML(string=page).write_pdf()  # type: ignore[no-any-return]
