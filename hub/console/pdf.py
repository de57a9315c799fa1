"""A periodic report laid out as PDF, through WeasyPrint (HTML and CSS to PDF, with SVG).

The page is the template ``console/reports_pdf.html`` rendered from the same
``ReportDocument`` as the workbook; the chart is the console's SVG chart of shares
(``share_chart_svg``) embedded in the page, which WeasyPrint draws as vectors.
WeasyPrint needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0`` on Debian): without
it ``pdf_bytes`` raises ``PdfUnavailable`` and the report is not made (nothing
half-written), while the rest of the portal runs as before — WeasyPrint is imported
only here, only when asked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import render_template

from hub.console.documents import ReportDocument
from hub.formatting import format_day_short, format_moment, format_number
from hub.ratings.chart import share_chart


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this machine."""


def share_chart_svg(bars: list[tuple[str, int, int]], title: str) -> str:
    """The console's chart of shares as standalone SVG: one bar per ``(label, percent,
    count)``, drawn with the console's geometry (``hub.ratings.chart.share_chart``)."""
    drawing = share_chart([(label, percent / 100, count) for label, percent, count in bars])
    return render_template("console/reports_chart.svg", drawing=drawing, title=title,
                           percents=[percent for _label, percent, _count in bars])


def text(value: Any) -> str:
    """A cell as printed: dates and moments as Vietnamese write them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, date):
        return format_day_short(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def pdf_bytes(document: ReportDocument) -> bytes:
    html = render_template("console/reports_pdf.html", doc=document, text=text)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is not installed
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
