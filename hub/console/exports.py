"""The console's table as files: CSV (``hub.core.spreadsheets``) and XLSX (openpyxl),
the period named on the first line, then one row per site as the screen filtered it."""

from __future__ import annotations

import io
from collections.abc import Iterator

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hub.console.figures import Period, Provider, SiteRow
from hub.core.spreadsheets import cell, csv_file

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_line(period: Period) -> list[str]:
    return [_("Period"), period.label, period.first.isoformat(), period.last.isoformat()]


def header(providers: list[Provider]) -> list[str]:
    return [_("Site (unit)"), _("Host"), _("Kind"), _("Legacy district"), _("State"),
            *[str(p.label) for p in providers], _("Compliant"), _("Shortcomings")]


def lines(rows: list[SiteRow], providers: list[Provider]) -> Iterator[list[object]]:
    for row in rows:
        figures = []
        for provider in providers:
            figure = row.figures.get(provider.key)
            figures.append(figure.text if figure is not None else _("not yet available"))
        yield [row.name, row.host or "", row.kind_label, row.legacy_district or "",
               row.state_label, *figures, _("yes") if row.compliant else _("no"),
               "; ".join(row.shortcomings)]


def as_csv(period: Period, rows: list[SiteRow], providers: list[Provider]) -> bytes:
    return csv_file(period_line(period), [[], header(providers), *lines(rows, providers)])


def as_xlsx(period: Period, rows: list[SiteRow], providers: list[Provider]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sites")[:31]
    sheet.append(period_line(period))
    sheet.append([])
    sheet.append(header(providers))
    for column in sheet[3]:
        column.font = Font(bold=True)
    sheet.freeze_panes = "B4"
    for line in lines(rows, providers):
        # Text typed by a site (its name) never becomes a formula in Excel.
        sheet.append([cell(value) for value in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
