"""CSV files that Excel opens with their Vietnamese intact, and safely.

Excel reads a CSV as the machine's legacy code page unless the file starts with a UTF-8
byte order mark, so every file carries one. Cells that Excel would run as a formula (a
value starting with "=", "+", "-" or "@") are defused with a leading apostrophe, the
usual guard against CSV injection: a title typed by anyone becomes text, never a
formula on the office's computer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_file(header: Iterable[object], rows: Iterable[Iterable[object]]) -> bytes:
    """The CSV file (UTF-8 with BOM, comma-separated, CRLF) of ``header`` and ``rows``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(value) for value in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
