"""The royalties list as a CSV file that Excel opens with its Vietnamese intact, its
formulas defused (``hub.core.spreadsheets``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from hub.content.labels import TYPE_LABELS
from hub.core.spreadsheets import csv_file
from hub.reports.royalties import RoyaltyRow
from hub.workflow.states import STATUS_LABELS

DATETIME_FORMAT = "dd/MM/yyyy HH:mm"  # Vietnamese convention, in Asia/Ho_Chi_Minh

COLUMNS: tuple[Any, ...] = (
    _l("Author"), _l("Entered by"), _l("Email of the account"), _l("Content type"),
    _l("Language"), _l("Title"), _l("Published at"), _l("Approved by"), _l("Status"),
    _l("Item number"),
)


def royalties_csv(rows: Iterable[RoyaltyRow]) -> bytes:
    """The CSV file (UTF-8 with BOM, comma-separated, CRLF) of ``rows``."""
    return csv_file(COLUMNS, ((
        row.author, row.account, row.account_email, TYPE_LABELS.get(row.type, row.type),
        row.locale, row.title, format_datetime(row.published_at, DATETIME_FORMAT),
        row.approved_by, STATUS_LABELS.get(row.status, row.status.value), row.item_id)
        for row in rows))
