"""The royalties list as a CSV file that Excel opens with its Vietnamese intact.

Excel reads a CSV as the machine's legacy code page unless the file starts with a UTF-8
byte order mark, so the file carries one. Cells that Excel would run as a formula (a
title starting with "=", "+", "-" or "@") are defused with a leading apostrophe, the
usual guard against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from hub.content.labels import TYPE_LABELS
from hub.reports.royalties import RoyaltyRow
from hub.workflow.states import STATUS_LABELS

BOM = "\ufeff"
DATETIME_FORMAT = "dd/MM/yyyy HH:mm"  # Vietnamese convention, in Asia/Ho_Chi_Minh
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: tuple[Any, ...] = (
    _l("Author"), _l("Entered by"), _l("Email of the account"), _l("Content type"),
    _l("Language"), _l("Title"), _l("Published at"), _l("Approved by"), _l("Status"),
    _l("Item number"),
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def royalties_csv(rows: Iterable[RoyaltyRow]) -> bytes:
    """The CSV file (UTF-8 with BOM, comma-separated, CRLF) of ``rows``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(column) for column in COLUMNS])
    for row in rows:
        writer.writerow([_cell(value) for value in (
            row.author, row.account, row.account_email, TYPE_LABELS.get(row.type, row.type),
            row.locale, row.title, format_datetime(row.published_at, DATETIME_FORMAT),
            row.approved_by, STATUS_LABELS.get(row.status, row.status.value), row.item_id)])
    return (BOM + buffer.getvalue()).encode("utf-8")
