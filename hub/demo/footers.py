"""The footer facts of the demo's sub-sites: every department, commune, ward and the
legacy district shows what Circular 22/2023 requires (governing agency, responsible
person, address, phone, email, licence) as its own editor would write them, so neither
``/api/v1/structure`` nor the console finds a sub-site of the demo lacking them.

The people, numbers and licences are illustrative (the licence says so); the addresses
follow the 2025 layout (no district) except on the legacy district's sites.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select

from hub.extensions import db
from tenants.models import Tenant, TenantKind

PROVINCE_NAME = "tỉnh Lạng Sơn"
MAIL_DOMAIN = "langson.gov.vn"  # the province's official mail system

# The departments' offices (by site name); a department not listed here sits in the
# province's administrative centre.
DEPARTMENT_ADDRESSES = {
    "Văn phòng Ủy ban nhân dân tỉnh":
        "Số 2 đường Hoàng Văn Thụ, phường Lương Văn Tri, tỉnh Lạng Sơn",
    "Sở Khoa học và Công nghệ": "Số 25 đường Lê Lợi, phường Lương Văn Tri, tỉnh Lạng Sơn",
    "Sở Ngoại vụ": "Số 1 đường Hùng Vương, phường Tam Thanh, tỉnh Lạng Sơn",
    "Sở Tư pháp": "Số 12 đường Lý Thái Tổ, phường Đông Kinh, tỉnh Lạng Sơn",
}
CENTRE = "Khu trung tâm hành chính tỉnh, phường Đông Kinh, tỉnh Lạng Sơn"

# Family and given names common in Lạng Sơn (Tày, Nùng, Kinh), combined so that no two
# demo sites share a responsible person.
SURNAMES = ("Hoàng", "Nông", "Lương", "Vi", "Lộc", "Hà", "Nguyễn", "Lăng", "Chu",
            "Triệu", "Mạc", "Đinh", "Lý", "Bế", "Dương", "Hứa")
MEN = ("Văn Minh", "Văn Thắng", "Đức Hùng", "Văn Tuấn", "Quang Cường", "Văn Dũng",
       "Thanh Hải", "Văn Long", "Đức Thành", "Văn Sơn")
WOMEN = ("Thị Hương", "Thị Lan", "Thị Hằng", "Thu Trang", "Thị Mai", "Thị Hạnh",
         "Thị Nga")


def _person(number: int) -> str:
    """A distinct name with its form of address for every ``number`` below 80."""
    surname = SURNAMES[number % len(SURNAMES)]
    if number % 3 == 0:
        return f"Bà {surname} {WOMEN[number // 3 % len(WOMEN)]}"
    return f"Ông {surname} {MEN[number % len(MEN)]}"


def _unit(name: str) -> str:
    """"Xã Thống Nhất" as a sentence names it: "xã Thống Nhất"."""
    return name[:1].lower() + name[1:]


def footer_facts(site: Tenant, number: int, province: Tenant) -> dict[str, str]:
    """The six facts of ``site``, the ``number``-th sub-site of the demo under
    ``province`` (from 2: the province's licence is number 1)."""
    # "songgiap.caoloc" of "songgiap.caoloc.langson": the mailbox is named as the host.
    mailbox = site.slug.removesuffix(f".{province.slug}")
    if site.kind == TenantKind.DEPARTMENT:
        # "Văn phòng Ủy ban nhân dân tỉnh" already ends with the word "tỉnh".
        agency = (f"{site.name} Lạng Sơn" if site.name.endswith(" tỉnh")
                  else f"{site.name} {PROVINCE_NAME}")
        head = (f"Chánh {agency}" if site.name.startswith("Văn phòng")
                else f"Giám đốc {site.name}")
        address = DEPARTMENT_ADDRESSES.get(site.name, CENTRE)
    else:
        agency = f"Ủy ban nhân dân {_unit(site.name)}"
        head = f"Chủ tịch {agency}"
        district = site.parent if site.parent and site.parent.kind == TenantKind.DISTRICT \
            else None
        place = ", ".join(_unit(unit.name) for unit in (site, district) if unit)
        address = f"Khu trung tâm hành chính {place}, {PROVINCE_NAME}"
    facts = {
        "governing_agency": agency,
        "responsible_person": f"{_person(number)}, {head}",
        "address": address,
        "phone": f"0205 38{number:02d} {number * 37 % 900 + 100:03d}",
        "email": f"{mailbox}@{MAIL_DOMAIN}",
        "licence": f"Giấy phép số {number:02d}/GP-TTĐT (dữ liệu minh họa)",
    }
    return {key: unicodedata.normalize("NFC", value) for key, value in facts.items()}


def give_footers(province: Tenant) -> None:
    """Fill in the footer facts of every sub-site of ``province`` (inside ``unscoped``);
    only flushes."""
    sites = db.session.scalars(select(Tenant).where(
        Tenant.path.startswith(province.path), Tenant.id != province.id)
        .order_by(Tenant.id))
    for number, site in enumerate(sites, start=2):
        site.update_settings(**footer_facts(site, number, province))
    db.session.flush()
