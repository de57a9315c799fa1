"""Filters of the public registers: the two registers of documents (normative, and
directive and administrative), procedures, disclosures, and the leaders' weekly
schedule.

A filter value must be one the register offers (a known type or validity, an issuer,
field or agency that some published item has, a plausible year, a real ISO week); any
other value is a 400 page that says which filter was wrong, never an empty list that
hides a typo, never a 500.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

from flask import request
from flask_babel import gettext as _
from sqlalchemy import Select, extract, select

from hub.content.models import (
    NORMATIVE_TYPES,
    TYPES_RULED_BY_NUMBER,
    Disclosure,
    DisclosureKind,
    LegalDocument,
    LegalDocumentType,
    Procedure,
    Register,
    ScheduleEntry,
    Validity,
)
from hub.core.http import fail
from hub.core.periods import EARLIEST_YEAR, LATEST_YEAR, on_calendar
from hub.extensions import db
from hub.public import statements
from hub.public.queries import current_locale, public_items
from hub.workflow.states import PUBLIC_STATES

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass
class Filtered:
    query: Select[Any]
    chosen: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[Any]] = field(default_factory=dict)


def _distinct(column: Any, model: Any, *where: Any) -> list[str]:
    """The values of ``column`` among this site's published items, sorted."""
    rows = db.session.scalars(select(column).distinct().where(
        model.status.in_(PUBLIC_STATES), model.locale == current_locale(), *where))
    return sorted(value for value in rows if value)


def _arg(name: str) -> str:
    return (request.args.get(name) or "").strip()


def _refuse(label: str) -> None:
    fail(400, _("The filter “%(name)s” has a value this list does not offer. Please "
                "choose one from the list.", name=label))


def _enum_arg(name: str, label: str, enum: type[Enum]) -> Enum | None:
    raw = _arg(name)
    if not raw:
        return None
    try:
        return enum(raw)
    except ValueError:
        _refuse(label)
    return None  # pragma: no cover - _refuse raises


def _choice_arg(name: str, label: str, options: list[str]) -> str | None:
    raw = _arg(name)
    if not raw:
        return None
    if raw not in options:
        _refuse(label)
    return raw


def _year_arg(name: str, label: str) -> int | None:
    raw = _arg(name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and 1945 <= int(raw) <= 2100):
        _refuse(label)
    return int(raw)


# The types each register offers in its type filter: a decision or a resolution may be
# either, as its number says (``hub.content.models.register_of``).
REGISTER_TYPES: dict[Register, list[LegalDocumentType]] = {
    register: [kind for kind in LegalDocumentType
               if kind in TYPES_RULED_BY_NUMBER
               or (kind in NORMATIVE_TYPES) == (register is Register.NORMATIVE)]
    for register in Register}


def document_register(register: Register) -> Filtered:
    """Văn bản quy phạm pháp luật, or văn bản chỉ đạo, điều hành: by type, issuer, field
    and year of issue, and the normative ones by validity."""
    in_register = LegalDocument.in_register(register)
    options: dict[str, list[Any]] = {
        "loai": REGISTER_TYPES[register],
        "co-quan": _distinct(LegalDocument.issuer, LegalDocument, in_register),
        "linh-vuc": _distinct(LegalDocument.field, LegalDocument, in_register)}
    if register is Register.NORMATIVE:
        options["hieu-luc"] = list(Validity)
    query = public_items(LegalDocument).where(in_register).order_by(None).order_by(
        LegalDocument.issued_on.desc(), LegalDocument.id.desc())
    chosen: dict[str, str] = {}
    kind = _choice_arg("loai", _("Type of document"), [k.value for k in options["loai"]])
    if kind is not None:
        query = query.where(LegalDocument.document_type == LegalDocumentType(kind))
        chosen["loai"] = kind
    if "hieu-luc" in options:
        validity = _enum_arg("hieu-luc", _("Validity"), Validity)
        if validity is not None:
            query = query.where(LegalDocument.validity == validity)
            chosen["hieu-luc"] = validity.value
    issuer = _choice_arg("co-quan", _("Issuing authority"), options["co-quan"])
    if issuer is not None:
        query = query.where(LegalDocument.issuer == issuer)
        chosen["co-quan"] = issuer
    subject = _choice_arg("linh-vuc", _("Field"), options["linh-vuc"])
    if subject is not None:
        query = query.where(LegalDocument.field == subject)
        chosen["linh-vuc"] = subject
    year = _year_arg("nam", _("Year"))
    if year is not None:
        query = query.where(extract("year", LegalDocument.issued_on) == year)
        chosen["nam"] = str(year)
    return Filtered(query, chosen, options)


def register_asked(raw_type: str | None) -> Register:
    """The register an address of the former single list (``/van-ban?loai=...``) meant:
    the directive one when its type filter names a type only that register offers."""
    if raw_type and raw_type not in {k.value for k in REGISTER_TYPES[Register.NORMATIVE]} \
            and raw_type in {k.value for k in REGISTER_TYPES[Register.DIRECTIVE]}:
        return Register.DIRECTIVE
    return Register.NORMATIVE


def procedure_register() -> Filtered:
    """Thủ tục hành chính: by field, implementing agency and online service level."""
    options: dict[str, list[Any]] = {
        "linh-vuc": _distinct(Procedure.field, Procedure),
        "co-quan": _distinct(Procedure.agency, Procedure),
        "muc-do": _distinct(Procedure.service_level, Procedure)}
    query = public_items(Procedure).order_by(None).order_by(Procedure.title, Procedure.id)
    chosen: dict[str, str] = {}
    for name, label, column in (("linh-vuc", _("Field"), Procedure.field),
                                ("co-quan", _("Implementing agency"), Procedure.agency),
                                ("muc-do", _("Online service level"),
                                 Procedure.service_level)):
        value = _choice_arg(name, label, options[name])
        if value is not None:
            query = query.where(column == value)
            chosen[name] = value
    return Filtered(query, chosen, options)


def disclosure_register() -> Filtered:
    """Công khai: by kind and period."""
    options: dict[str, list[Any]] = {"loai": list(DisclosureKind),
                                     "ky": _distinct(Disclosure.period, Disclosure)}
    query = public_items(Disclosure)
    chosen: dict[str, str] = {}
    kind = _enum_arg("loai", _("Kind of disclosure"), DisclosureKind)
    if kind is not None:
        query = query.where(Disclosure.kind == kind)
        chosen["loai"] = kind.value
    period = _choice_arg("ky", _("Period"), options["ky"])
    if period is not None:
        query = query.where(Disclosure.period == period)
        chosen["ky"] = period
    return Filtered(query, chosen, options)


def iso_week(raw: str | None, today: date) -> date:
    """The Monday of ``?tuan=2026-W48`` (this week when absent); malformed, or a week
    not wholly in the portal's calendar -> 400."""
    if not raw:
        return today - timedelta(days=today.weekday())
    match = _WEEK.match(raw.strip())
    try:
        if match is None:
            raise ValueError(raw)
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        fail(400, _("The week must be written as year-Wweek, for example 2026-W48."))
    if not week_on_calendar(monday):
        fail(400, _("The schedule covers the weeks of the years %(first)d to %(last)d.",
                    first=EARLIEST_YEAR, last=LATEST_YEAR))
    return monday


def week_on_calendar(monday: date) -> bool:
    """Whether the whole week starting ``monday`` lies in the portal's calendar (its
    last week ends on a Sunday past the last day, so the schedule stops one earlier)."""
    return on_calendar(monday) and on_calendar(monday + timedelta(days=6))


def week_label(monday: date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_schedule(monday: date) -> list[tuple[date, list[ScheduleEntry]]]:
    """The published appointments of the week starting ``monday``, day by day."""
    entries = db.session.scalars(statements.week_entries(current_locale()), {
        "monday": monday, "sunday": monday + timedelta(days=6)}).all()
    days = [monday + timedelta(days=offset) for offset in range(7)]
    return [(day, [entry for entry in entries if entry.day == day]) for day in days]
