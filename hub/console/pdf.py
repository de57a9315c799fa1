"""A periodic report laid out as PDF, through WeasyPrint (HTML and CSS to PDF, with SVG).

The page is the template ``console/reports_pdf.html`` rendered from the same
``ReportDocument`` as the workbook; the chart is an SVG drawn here (``bar_chart_svg``)
and embedded in the page, which WeasyPrint draws as vectors. WeasyPrint needs Pango
(``libpango-1.0-0``, ``libpangoft2-1.0-0`` on Debian): without it ``pdf_bytes`` raises
``PdfUnavailable`` and the report is not made (nothing half-written), while the rest of
the portal runs as before — WeasyPrint is imported only here, only when asked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from flask import render_template

from hub.console.documents import ReportDocument
from hub.formatting import format_day_short, format_moment, format_number

WIDTH, HEIGHT = 640, 260
LEFT, BOTTOM, TOP = 40, 50, 30


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (Pango) are missing on this machine."""


def bar_chart_svg(bars: list[tuple[str, int]], title: str) -> str:
    """Bars of percentages (0–100), one per label, with the value above each bar."""
    inner_w, inner_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
             'font-family="DejaVu Sans, sans-serif" font-size="10">',
             f'<text x="{LEFT}" y="16" font-size="12" font-weight="bold">{escape(title)}'
             '</text>']
    for tick in (0, 50, 100):
        y = TOP + inner_h - inner_h * tick / 100
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" '
                     'stroke="#ccc" stroke-width="0.5"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{tick}</text>')
    if bars:
        step = inner_w / len(bars)
        width = max(step * 0.6, 2)
        for index, (label, value) in enumerate(bars):
            value = max(0, min(100, value))
            height = inner_h * value / 100
            x = LEFT + index * step + (step - width) / 2
            y = TOP + inner_h - height
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                         f'height="{height:.1f}" fill="#1f5fa8"/>')
            parts.append(f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" '
                         f'text-anchor="middle">{value}</text>')
            parts.append(f'<text x="{x + width / 2:.1f}" y="{TOP + inner_h + 14}" '
                         f'text-anchor="end" transform="rotate(-35 {x + width / 2:.1f} '
                         f'{TOP + inner_h + 14})">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
