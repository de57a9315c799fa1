"""Build a real province's site tree from the official list of administrative units.

The list is the ``vietnam-provinces`` package (34 provinces, 3,321 communes, wards and
special zones since 1 July 2025). A province becomes a province tenant on
``<label>.<suffix>`` and each of its units a commune tenant directly under it, on the
4th level (the post-2025 layout): ``xathongnhat.langson.gov.vn``.

Whether the unit type is part of a commune's label is the province's choice, kept in its
site setting ``label_includes_unit_type`` (default True, as seed 000's ``xathongnhat``).
Two units whose names fold to the same label (Thái Nguyên's "Xã Văn Lăng" and
"Xã Văn Lang") are never told apart by a suffix: every member of such a group is skipped
and reported, and the operator resolves them with an overrides file (unit code -> label).

Importing is idempotent: a unit whose code (``Tenant.admin_code``) is already a site is
left alone. Each province is created in a few bulk statements; nothing is committed here.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from vietnam_provinces import Province, VietNamDivisionType, Ward

from hub.core.text import fold_vietnamese
from hub.extensions import db
from hub.sites.operations import (
    NewSite,
    create_tenant,
    create_tenants,
    default_suffix,
    describe,
    hosts_in_use,
)
from tenants.context import unscoped
from tenants.models import Tenant, TenantKind
from tenants.naming import domain_label, site_hostname, validate_label


class UnknownProvince(LookupError):
    pass


def province_code(province: Province) -> str:
    return f"{int(province.code):02d}"


def ward_code(ward: Ward) -> str:
    return f"{int(ward.code):05d}"


def province_name(province: Province) -> str:
    # The package writes "Lạng Sơn" but "Thành phố Hà Nội": the site is "Tỉnh Lạng Sơn".
    if province.division_type == VietNamDivisionType.TINH and not province.name.startswith("Tỉnh"):
        return f"Tỉnh {province.name}"
    return province.name


def _squash(text: str) -> str:
    return "".join(ch for ch in fold_vietnamese(text) if ch.isalnum())


def find_province(query: str) -> Province:
    """A province by name ("Lạng Sơn", "lang son", "Tỉnh Lạng Sơn"), codename or code."""
    wanted = _squash(query)
    for province in Province.iter_all():
        names = {_squash(province.name), _squash(province_name(province)),
                 _squash(province.codename), province_code(province),
                 str(int(province.code))}
        if wanted in names:
            return province
    raise UnknownProvince(_l("no province matches %(query)s", query=repr(query)))


def load_overrides(path: str | Path) -> dict[str, str]:
    """Read ``{"<unit code>": "<label>"}`` from a JSON file; codes may lose their zeros."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        return {f"{int(code):05d}": validate_label(str(label)) for code, label in raw.items()}
    except (AttributeError, ValueError) as error:
        raise ValueError(_l("%(path)s: expected a JSON object of unit code -> label: "
                            "%(error)s", path=str(path), error=str(error))) from error


@dataclass
class Collision:
    """Units skipped because they would share ``hostname`` (with a site, or each other)."""
    hostname: str
    units: list[tuple[str, str]]      # (unit code, name)
    taken_by: str | None = None       # the existing site holding the host, if any


@dataclass
class ProvinceImport:
    province: str
    host: str
    province_created: bool = False
    created: int = 0
    already_present: int = 0
    collisions: list[Collision] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(len(collision.units) for collision in self.collisions)

    def lines(self) -> list[str]:
        lines = [f"{self.province} ({self.host}): {self.created} sites created, "
                 f"{self.already_present} already present, {self.skipped} skipped"
                 + (" [province site created]" if self.province_created else "")]
        for collision in self.collisions:
            units = "; ".join(f"{code} {name}" for code, name in collision.units)
            holder = f" (already used by {collision.taken_by})" if collision.taken_by else ""
            lines.append(f"  COLLISION {collision.hostname}{holder}: {units}")
        return lines


@dataclass
class ImportReport:
    provinces: list[ProvinceImport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(p.created + p.province_created for p in self.provinces)

    @property
    def collisions(self) -> list[Collision]:
        return [c for p in self.provinces for c in p.collisions]

    def lines(self) -> list[str]:
        lines = [line for province in self.provinces for line in province.lines()]
        lines.append(f"{self.created} sites created in {self.seconds:.1f} s.")
        if self.collisions:
            lines.append(f"{sum(len(c.units) for c in self.collisions)} units were skipped "
                         "because their labels collide. Give each a label in a JSON file "
                         '({"<unit code>": "<label>"}) and re-run with --labels FILE.')
        return lines


def _province_site(province: Province, suffix: str | None,
                   include_unit_type: bool | None) -> tuple[Tenant, bool]:
    code = province_code(province)
    existing = db.session.scalars(select(Tenant).where(
        Tenant.admin_code == code, Tenant.kind == TenantKind.PROVINCE)).first()
    if existing is not None:
        if include_unit_type is not None:
            existing.update_settings(label_includes_unit_type=include_unit_type)
        return existing, False
    label = domain_label(province_name(province))  # provinces never carry "tỉnh"
    tenant = create_tenant(
        province_name(province), TenantKind.PROVINCE,
        host=site_hostname(label, suffix or default_suffix()), admin_code=code,
        settings={"label_includes_unit_type":
                  True if include_unit_type is None else include_unit_type})
    return tenant, True


def import_province(province: Province | str, *, suffix: str | None = None,
                    include_unit_type: bool | None = None,
                    overrides: Mapping[str, str] | None = None) -> ProvinceImport:
    """Create the province's site (unless present) and one site per commune/ward.

    ``include_unit_type`` None keeps the province's stored choice (default True).
    ``overrides`` maps unit codes to labels, for the units the last report listed.
    """
    if isinstance(province, str):
        province = find_province(province)
    overrides = overrides or {}
    with unscoped():
        site, created = _province_site(province, suffix, include_unit_type)
        report = ProvinceImport(province=site.name, host=site.host or "",
                                province_created=created)
        with_type = bool(site.setting("label_includes_unit_type", True))

        wards = list(Ward.iter_by_province(province.code))
        codes = [ward_code(ward) for ward in wards]
        present = set(db.session.scalars(select(Tenant.admin_code).where(
            Tenant.admin_code.in_(codes), Tenant.kind == TenantKind.COMMUNE)))
        report.already_present = len(present)

        by_host: dict[str, list[tuple[Ward, str]]] = defaultdict(list)
        for ward in wards:
            if ward_code(ward) in present:
                continue
            label = overrides.get(ward_code(ward)) or domain_label(
                ward.name, include_unit_type=with_type)
            by_host[site_hostname(label, report.host)].append((ward, label))

        taken = hosts_in_use(by_host)
        new_sites = []
        for host, members in by_host.items():
            if len(members) > 1 or host in taken:
                holder = taken.get(host)
                report.collisions.append(Collision(
                    hostname=host, units=[(ward_code(w), w.name) for w, _ in members],
                    taken_by=describe(holder) if holder is not None else None))
                continue
            ward, label = members[0]
            new_sites.append(NewSite(name=ward.name, kind=TenantKind.COMMUNE, parent=site,
                                     label=label, admin_code=ward_code(ward)))
        create_tenants(new_sites)
        report.created = len(new_sites)
        report.collisions.sort(key=lambda collision: collision.hostname)
        return report


def import_provinces(provinces: Iterable[Province | str] | None = None, *,
                     suffix: str | None = None, include_unit_type: bool | None = None,
                     overrides: Mapping[str, str] | None = None) -> ImportReport:
    """Import several provinces (all 34 when ``provinces`` is None)."""
    started = time.perf_counter()
    report = ImportReport()
    for province in provinces if provinces is not None else Province.iter_all():
        report.provinces.append(import_province(
            province, suffix=suffix, include_unit_type=include_unit_type,
            overrides=overrides))
    report.seconds = time.perf_counter() - started
    return report



def province_of(site: Tenant) -> Province:
    """The national list's province of a province site (by unit code, else by name)."""
    if site.admin_code:
        for province in Province.iter_all():
            if province_code(province) == site.admin_code:
                return province
    return find_province(site.name)


def units_without_site(site: Tenant) -> list[tuple[str, str]]:
    """(code, name) of the province's communes and wards that have no site yet."""
    wards = list(Ward.iter_by_province(province_of(site).code))
    codes = [ward_code(ward) for ward in wards]
    with unscoped():
        present = set(db.session.scalars(select(Tenant.admin_code).where(
            Tenant.admin_code.in_(codes))))
    return sorted(((ward_code(w), w.name) for w in wards if ward_code(w) not in present),
                  key=lambda unit: fold_vietnamese(unit[1]))


def create_unit_site(site: Tenant, code: str, label: str | None = None) -> Tenant:
    """Create the site of one commune or ward of the province (4th level, under it)."""
    wanted = f"{int(code):05d}" if code.isdigit() else code
    for ward in Ward.iter_by_province(province_of(site).code):
        if ward_code(ward) == wanted:
            return create_tenant(ward.name, TenantKind.COMMUNE, parent=site, label=label,
                                 admin_code=wanted)
    raise UnknownProvince(_l("no commune or ward of %(site)s has the code %(code)s",
                             site=site.name, code=repr(code)))
