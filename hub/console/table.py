"""The console's table: every site's row for the period, filtered and sorted as the
query string asks (``?loai=&huyen=&trang-thai=&dat=&q=&sap-xep=&thu-tu=``).

Filtering and sorting happen on the computed rows in memory: the statements that read
them are the same whatever is asked, and a province has hundreds of sites, not
millions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hub.console.figures import STATES, SiteRow
from hub.core.text import fold_vietnamese as fold

# Columns other than the providers' that the table sorts by.
BASE_SORTS = ("name", "kind", "district", "state", "compliant")
COMPLIANCE = ("yes", "no")


@dataclass
class TableQuery:
    kind: str = ""
    district: str = ""
    state: str = ""
    compliant: str = ""
    text: str = ""
    sort: str = "name"
    descending: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    def args(self, **changes: Any) -> dict[str, str]:
        """The query arguments asking for this table again, with ``changes``."""
        values = {"loai": self.kind, "huyen": self.district, "trang-thai": self.state,
                  "dat": self.compliant, "q": self.text, "sap-xep": self.sort,
                  "thu-tu": "giam" if self.descending else ""}
        values.update(changes)
        return {key: value for key, value in values.items() if value}


def read_query(args: Mapping[str, str], sort_keys: list[str]) -> TableQuery:
    query = TableQuery(
        kind=(args.get("loai") or "").strip(), district=(args.get("huyen") or "").strip(),
        state=(args.get("trang-thai") or "").strip(),
        compliant=(args.get("dat") or "").strip(), text=(args.get("q") or "").strip()[:200],
        sort=(args.get("sap-xep") or "name").strip(),
        descending=(args.get("thu-tu") or "") == "giam")
    if query.state and query.state not in STATES:
        query.errors["trang-thai"] = "state"
    if query.compliant and query.compliant not in COMPLIANCE:
        query.errors["dat"] = "compliant"
    if query.sort not in (*BASE_SORTS, *sort_keys):
        query.errors["sap-xep"] = "sort"
    return query


def _sort_value(row: SiteRow, key: str) -> Any:
    if key == "name":
        return fold(row.name)
    if key == "kind":
        return row.kind
    if key == "district":
        return fold(row.legacy_district or "")
    if key == "state":
        return STATES.index(row.state)
    if key == "compliant":
        return (row.compliant, -len(row.shortcomings))
    figure = row.figures.get(key)
    return None if figure is None else figure.sort


def apply(rows: list[SiteRow], query: TableQuery) -> list[SiteRow]:
    """The rows ``query`` keeps, in its order (empty values last either way)."""
    text = fold(query.text)
    kept = [row for row in rows
            if (not query.kind or row.kind == query.kind)
            and (not query.district or row.legacy_district == query.district)
            and (not query.state or row.state == query.state)
            and (not query.compliant or row.compliant == (query.compliant == "yes"))
            and (not text or text in fold(f"{row.name} {row.host or ''} {row.slug}"))]
    known = [row for row in kept if _sort_value(row, query.sort) is not None]
    unknown = [row for row in kept if _sort_value(row, query.sort) is None]
    known.sort(key=lambda row: (_sort_value(row, query.sort), fold(row.name)),
               reverse=query.descending)
    return known + unknown
