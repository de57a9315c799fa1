"""Bulk import of administrative procedures from the National Public Service Portal.

Decree 224/2026 has procedures integrated from the national portal rather than typed in
by hand (MISSION "The law has moved on"), so a site imports the portal's export: JSON (a
list of objects, or an object holding the list under ``data``/``items``/``procedures``/
``result``) or CSV (comma, semicolon or tab separated, UTF-8 with or without BOM, as
Excel saves it). Columns: ``code, name, field, agency, level, steps, dossier,
processing_time, fees, legal_basis, url, effective_date``; the portal's Vietnamese
headings ("Mã thủ tục", "Tên thủ tục", ...) are understood too.

All or nothing: every row is checked first, and if any row is bad nothing is imported;
the answer lists each bad row with its number (CSV: the line in the spreadsheet, the
heading being line 1; JSON: the position in the list, from 1) and the reason. A code
already on the site updates that procedure (a new revision, through the workflow)
instead of creating a duplicate; an unchanged row writes nothing.

``import_procedures`` only adds and flushes; on ``ImportRejected`` the caller rolls back
(a request does so by answering with an error status; the CLI explicitly).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from hub.content.forms import ProcedureForm
from hub.content.models import ContentType, Procedure
from hub.content.validation import procedure_code_key
from hub.core.text import fold_vietnamese
from hub.extensions import db

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
SOURCE = "dichvucong.gov.vn"  # Article 6.3: the source shown with every item

# Canonical column -> (model attribute, maximum length or None for long text).
COLUMNS: dict[str, tuple[str, int | None]] = {
    "code": ("code", 60),
    "name": ("title", 500),
    "field": ("field", 200),
    "agency": ("agency", 300),
    "level": ("service_level", 40),
    "steps": ("steps", None),
    "dossier": ("dossier", None),
    "processing_time": ("processing_time", 300),
    "fees": ("fees", 500),
    "legal_basis": ("legal_basis", None),
    "url": ("national_portal_url", 500),
    "effective_date": ("effective_on", None),
}
REQUIRED_COLUMNS = ("code", "name")
RICH_COLUMNS = frozenset({"steps", "dossier", "legal_basis"})

# Headings of the national portal's exports (folded, spaces collapsed) -> column.
ALIASES: dict[str, str] = {
    "ma": "code", "ma thu tuc": "code", "ma tthc": "code", "procedure code": "code",
    "ten": "name", "ten thu tuc": "name", "ten tthc": "name", "title": "name",
    "linh vuc": "field", "co quan thuc hien": "agency", "co quan": "agency",
    "muc do": "level", "muc do dvc": "level", "muc do dich vu cong": "level",
    "service_level": "level", "trinh tu thuc hien": "steps", "trinh tu": "steps",
    "thanh phan ho so": "dossier", "thoi han giai quyet": "processing_time",
    "thoi gian giai quyet": "processing_time", "phi le phi": "fees", "phi, le phi": "fees",
    "le phi": "fees", "can cu phap ly": "legal_basis", "duong dan": "url", "lien ket": "url",
    "link": "url", "national_portal_url": "url", "ngay hieu luc": "effective_date",
    "ngay co hieu luc": "effective_date", "effective_on": "effective_date",
    "effective date": "effective_date",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ImportProblem:
    row: int | None     # None: the file as a whole
    message: str


class ImportRejected(Exception):
    """The file or some rows are bad: nothing was (or may be kept) imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)    # codes
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class ProcedureRow:
    row: int
    values: dict[str, Any]  # model attribute -> value


def _column(heading: str) -> str | None:
    folded = _SPACES.sub(" ", fold_vietnamese(str(heading).replace("\ufeff", ""))).strip()
    if folded.replace(" ", "_") in COLUMNS:
        return folded.replace(" ", "_")
    return ALIASES.get(folded)


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRejected([ImportProblem(None, _(
            "The file is larger than %(size)s MB.", size=MAX_IMPORT_BYTES // (1024 * 1024)))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected([ImportProblem(None, _(
            "The file is not UTF-8 text. Save it as CSV UTF-8 or JSON and try again."))]
        ) from None


def _json_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([ImportProblem(None, _(
            "The JSON file cannot be read (line %(line)s): %(reason)s", line=exc.lineno,
            reason=exc.msg))]) from None
    if isinstance(data, dict):
        data = next((data[k] for k in ("data", "items", "procedures", "result")
                     if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise ImportRejected([ImportProblem(None, _(
            "The JSON file must hold a list of procedures."))])
    records = []
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ImportRejected([ImportProblem(number, _(
                "Row %(row)s is not an object with named fields.", row=number))])
        records.append((number, record))
    return records


def _csv_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = []
    try:
        for record in reader:
            if not any((v or "").strip() for k, v in record.items() if k is not None):
                continue  # an empty line left by the spreadsheet
            # The line where this row ends: the heading is line 1, as in the spreadsheet.
            records.append((reader.line_num, {k: v for k, v in record.items()
                                              if k is not None}))
    except csv.Error as exc:
        raise ImportRejected([ImportProblem(reader.line_num, _(
            "The CSV file cannot be read at line %(line)s: %(reason)s",
            line=reader.line_num, reason=str(exc)))]) from None
    return records


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    return str(value).strip()


def _as_html(value: Any) -> str:
    """Plain text from the portal as paragraphs (lists as list items); HTML as given —
    the workflow sanitises it either way."""
    if isinstance(value, list):
        items = [_as_text(v) for v in value if _as_text(v)]
        return "<ul>" + "".join(f"<li>{escape(v)}</li>" for v in items) + "</ul>" if items \
            else ""
    text = _as_text(value)
    if "<" in text and ">" in text:
        return text
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines()
                   if line.strip())


def _parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _check_row(number: int, record: dict[str, Any]) -> tuple[ProcedureRow, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    values: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    for heading, value in record.items():
        column = _column(heading)
        if column is not None and _as_text(value):
            seen[column] = value
    for column in REQUIRED_COLUMNS:
        if not _as_text(seen.get(column)):
            problems.append(ImportProblem(number, _(
                "Row %(row)s: the column %(column)s is empty.", row=number, column=column)))
    for column, raw in seen.items():
        attribute, limit = COLUMNS[column]
        if column == "effective_date":
            parsed = _parse_date(_as_text(raw))
            if parsed is None:
                problems.append(ImportProblem(number, _(
                    "Row %(row)s: %(value)s is not a date (use YYYY-MM-DD or DD/MM/YYYY).",
                    row=number, value=_as_text(raw)[:40])))
            values[attribute] = parsed
            continue
        text = _as_html(raw) if column in RICH_COLUMNS else _as_text(raw)
        if limit is not None and len(text) > limit:
            problems.append(ImportProblem(number, _(
                "Row %(row)s: the column %(column)s is longer than %(limit)s characters.",
                row=number, column=column, limit=limit)))
        if column == "url" and urlsplit(text).scheme not in ("http", "https"):
            problems.append(ImportProblem(number, _(
                "Row %(row)s: the link must start with http:// or https://.", row=number)))
        values[attribute] = text
    return ProcedureRow(number, values), problems


def parse_procedures(raw: bytes, filename: str = "") -> list[ProcedureRow]:
    """Read and check every row; raise ``ImportRejected`` listing every bad one."""
    text = _decode(raw)
    looks_like_json = filename.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{")
    records = _json_records(text) if looks_like_json else _csv_records(text)
    if not records:
        raise ImportRejected([ImportProblem(None, _("The file has no procedures."))])
    if len(records) > MAX_ROWS:
        raise ImportRejected([ImportProblem(None, _(
            "The file has more than %(limit)s rows; split it into smaller files.",
            limit=MAX_ROWS))])
    rows, problems = [], []
    first_row_of: dict[str, int] = {}
    for number, record in records:
        row, row_problems = _check_row(number, record)
        problems.extend(row_problems)
        code = row.values.get("code")
        if code:
            key = procedure_code_key(code)
            if key in first_row_of:
                problems.append(ImportProblem(number, _(
                    "Row %(row)s: the code %(code)s is already on row %(first)s of this "
                    "file.", row=number, code=code, first=first_row_of[key])))
            first_row_of.setdefault(key, number)
        rows.append(row)
    if problems:
        raise ImportRejected(problems)
    return rows


def _existing_procedures(rows: list[ProcedureRow]) -> dict[str, Procedure]:
    """The site's Vietnamese procedures with the file's codes, by their natural key."""
    keys = [procedure_code_key(row.values["code"]) for row in rows]
    found: dict[str, Procedure] = {}
    for start in range(0, len(keys), 500):  # IN lists of a reasonable length
        for procedure in db.session.scalars(
                select(Procedure).where(Procedure.locale == "vi",
                                        Procedure.natural_key.in_(keys[start:start + 500]))):
            found[procedure.natural_key] = procedure  # type: ignore[index]
    return found


def _current_data(item: Procedure) -> dict[str, Any]:
    fields = ProcedureForm.COMMON_FIELDS + ProcedureForm.TYPE_FIELDS
    return {name: getattr(item, name) for name in fields}


def import_procedures(raw: bytes, filename: str, by: Any) -> ImportResult:
    """Create or update the site's procedures from the file; all rows or none.

    Raises ``ImportRejected`` (the caller rolls back) when the file or any row is bad,
    including rows the workflow refuses.
    """
    from hub.content.operations import create_item, save_item
    from hub.workflow.errors import ContentValidationError

    rows = parse_procedures(raw, filename)
    existing = _existing_procedures(rows)
    result = ImportResult()
    problems: list[ImportProblem] = []
    for row in rows:
        code = row.values["code"]
        item = existing.get(procedure_code_key(code))
        try:
            if item is None:
                data = {"summary": "", "body": "", "category_id": None, "author_byline": "",
                        "source": SOURCE, "locale": "vi", "featured": False,
                        **{attr: "" for attr, _limit in COLUMNS.values()},
                        "effective_on": None, **row.values}
                create_item(ContentType.PROCEDURE, data, by)
                result.created.append(code)
                continue
            current = _current_data(item)
            data = {**current, **row.values, "code": item.code}  # keep the site's spelling
            if data == current:
                result.unchanged.append(code)
                continue
            save_item(item, data, by, expected_revision=item.revision)
            result.updated.append(code)
        except ContentValidationError as exc:
            problems.extend(ImportProblem(row.row, _("Row %(row)s: %(reason)s", row=row.row,
                                                     reason=message))
                            for message in exc.errors.values())
    if problems:
        raise ImportRejected(problems)
    return result
