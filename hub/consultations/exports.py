"""The outcome of a consultation as agencies file it: the table of comments received,
accepted and explained (bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý), as a Word
document (python-docx) and as CSV (``hub.core.spreadsheets``).

The layout is the one agencies use: the agency's name top left, the country's motto top
right, the title naming the draft, then one row per published comment — STT, article or
clause, who sent it, the comment, the response (tiếp thu / tiếp thu một phần / không
tiếp thu), the explanation. Only published comments, never an email. Headings are in
the host's language.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from flask_babel import gettext as _

from hub.consultations.labels import RESPONSE_LABELS
from hub.consultations.queries import PublicComment, published_comments
from hub.content.models import Consultation
from hub.core.spreadsheets import csv_file
from hub.formatting import format_day_short

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COLUMN_WIDTHS_CM = (1.2, 4.0, 4.0, 7.5, 3.3, 7.0)


def header() -> list[str]:
    return [_("No."), _("Article or clause"), _("Sent by"), _("Comment"), _("Response"),
            _("Explanation")]


def rows(comments: list[PublicComment]) -> list[list[str]]:
    return [[str(number), comment.clause or _("The draft as a whole"), comment.sender,
             comment.body, str(RESPONSE_LABELS[comment.response]) if comment.response
             else "", comment.explanation]
            for number, comment in enumerate(comments, start=1)]


def outcome_csv(consultation: Consultation) -> bytes:
    return csv_file(header(), rows(published_comments(consultation.id)))


def _bold(paragraph: Any, text: str, size: int = 13) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def outcome_docx(consultation: Consultation, site_name: str, summary: str = "",
                 published_on: Any = None) -> bytes:
    document = Document()
    section = document.sections[0]
    # Landscape A4, as the six columns need.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    masthead = document.add_table(rows=1, cols=2)
    agency, motto = masthead.rows[0].cells
    agency.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(agency.paragraphs[0], (consultation.drafting_agency or site_name).upper(), 12)
    motto.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(motto.paragraphs[0], _("SOCIALIST REPUBLIC OF VIET NAM"), 12)
    line = motto.add_paragraph(_("Independence - Freedom - Happiness"))
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.runs[0].bold = True

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(title, _("SUMMARY OF THE COMMENTS RECEIVED, ACCEPTED AND EXPLAINED"), 14)
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(subject, _("on %(title)s", title=consultation.title), 13)
    period = document.add_paragraph(_(
        "Comments received from %(start)s to %(end)s on %(site)s.",
        start=format_day_short(consultation.opens_on),
        end=format_day_short(consultation.closes_on), site=site_name))
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if summary:
        document.add_paragraph(summary)

    comments = published_comments(consultation.id)
    table = document.add_table(rows=1, cols=len(COLUMN_WIDTHS_CM))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, header(), COLUMN_WIDTHS_CM,
                                 strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _bold(cell.paragraphs[0], text, 12)
    for values in rows(comments):
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, COLUMN_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            cell.text = text
    if published_on is not None:
        closing = document.add_paragraph(_("Published on %(day)s.",
                                           day=format_day_short(published_on)))
        closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
