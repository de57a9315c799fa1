"""The demo province: Lạng Sơn with its departments, communes and staff in every role.

``seed_demo`` builds what a newcomer needs to see the product on ``make run``:
- the province portal on ``BASE_DOMAIN`` (``langson.localhost``) with its English
  host ``english.<base>`` ("Lang Son Province" there) and full footer facts (Circular
  22/2023);
- departments on the 4th level (``sokhcn``, the translation office ``songoaivu`` ...),
  each with its English name;
- the 65 communes and wards of 2025, 4th level, from the official list
  (``xathongnhat.<base>``, seed 000);
- one legacy district with a 5th-level commune, as Article 4 of 003 names them
  (``songgiap.caoloc.<base>``), so both layouts can be tried, moved and redirected;
- every sub-site with its own footer facts (``hub.demo.footers``);
- a staff account in every hub and site role, all with ``DEMO_PASSWORD``.

Like every service it only flushes; the caller commits. The data is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from hub.accounts.models import HubRole, Membership, SiteRole, User
from hub.accounts.passwords import hash_password
from hub.demo.footers import give_footers
from hub.extensions import db
from hub.public.sites import site_name
from hub.sites.importer import find_province, import_province, province_code
from hub.sites.operations import add_domain, create_tenant
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantKind

DEMO_PASSWORD = "LangSon-demo-2026"  # noqa: S105 - the demo's published password
PROVINCE = "Lạng Sơn"

PROVINCE_SETTINGS = {
    "name_en": "Lang Son Province",
    "governing_agency": "Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn",
    "responsible_person": "Chánh Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn",
    "address": "Số 2 đường Hoàng Văn Thụ, phường Lương Văn Tri, tỉnh Lạng Sơn",
    "phone": "0205 3812 345",
    "email": "congthongtindientu@langson.gov.vn",
    "licence": "Giấy phép số 01/GP-TTĐT (dữ liệu minh họa)",
    "governing_agency_en": "Office of the Lang Son Provincial People's Committee",
    "responsible_person_en": "Chief of the Office of the Lang Son Provincial People's "
                             "Committee",
    "address_en": "No. 2 Hoang Van Thu Street, Luong Van Tri Ward, Lang Son Province",
    "licence_en": "Licence No. 01/GP-TTĐT (illustrative data)",
    "languages": ["vi", "en"],
    "label_includes_unit_type": True,
}

# (name, label, English name): departments choose an abbreviated label (003 Đ4.2.a:
# sokhcn); the English name is what their English hosts, when they get one, show.
DEPARTMENTS = (
    ("Văn phòng Ủy ban nhân dân tỉnh", "vpubnd", "Office of the Provincial People's Committee"),
    ("Sở Khoa học và Công nghệ", "sokhcn", "Department of Science and Technology"),
    ("Sở Ngoại vụ", "songoaivu", "Department of Foreign Affairs"),
    ("Sở Tư pháp", "sotuphap", "Department of Justice"),
)

# (email, display name, role, site label or None for a hub role)
ACCOUNTS = (
    ("admin@langson.gov.vn", "Quản trị Cổng tỉnh", HubRole.HUB_ADMIN, None),
    ("kiemtra@langson.gov.vn", "Kiểm tra viên Cổng tỉnh", HubRole.HUB_AUDITOR, None),
    ("quantri.sokhcn@langson.gov.vn", "Quản trị Sở KH&CN", SiteRole.SITE_ADMIN, "sokhcn"),
    ("kiemduyet.sokhcn@langson.gov.vn", "Kiểm duyệt Sở KH&CN", SiteRole.APPROVER, "sokhcn"),
    # The deputy head approves only notices (004 Article 14: approval split by subject;
    # ``hub.demo.console`` gives the scope once the categories exist).
    ("phogiamdoc.sokhcn@langson.gov.vn", "Phó Giám đốc Sở KH&CN", SiteRole.APPROVER,
     "sokhcn"),
    ("capnhat.sokhcn@langson.gov.vn", "Biên tập Sở KH&CN", SiteRole.EDITOR, "sokhcn"),
    ("congtacvien.sokhcn@langson.gov.vn", "Cộng tác viên Sở KH&CN", SiteRole.CONTRIBUTOR,
     "sokhcn"),
    ("quantri.xathongnhat@langson.gov.vn", "Quản trị xã Thống Nhất", SiteRole.SITE_ADMIN,
     "xathongnhat"),
    ("capnhat.xathongnhat@langson.gov.vn", "Biên tập xã Thống Nhất", SiteRole.EDITOR,
     "xathongnhat"),
    ("quantri.songoaivu@langson.gov.vn", "Quản trị Sở Ngoại vụ", SiteRole.SITE_ADMIN,
     "songoaivu"),
    ("biendich1.songoaivu@langson.gov.vn", "Biên dịch viên 1", SiteRole.TRANSLATOR,
     "songoaivu"),
    ("biendich2.songoaivu@langson.gov.vn", "Biên dịch viên 2", SiteRole.TRANSLATOR,
     "songoaivu"),
)


@dataclass
class DemoLogin:
    email: str
    role: str
    host: str  # where this account logs in


@dataclass
class DemoSummary:
    base_domain: str
    created: bool
    sites: list[tuple[str, str]] = field(default_factory=list)   # (name, host)
    logins: list[DemoLogin] = field(default_factory=list)
    site_count: int = 0
    password: str = DEMO_PASSWORD

    def lines(self, port: int | None = 8000) -> list[str]:
        def url(host: str) -> str:
            # *.localhost resolves to this machine; the dev server needs its port.
            local = host == "localhost" or host.endswith(".localhost")
            return f"http://{host}{f':{port}' if local and port else ''}/"

        if not self.created:
            lines = [(f"The demo province already exists on {self.base_domain}; "
                      "nothing was changed.")]
        else:
            lines = [(f"Demo province created on {self.base_domain}: "
                      f"{self.site_count} sites.")]
        lines.append("Sites:")
        lines += [f"  {url(host):<50} {name}" for name, host in self.sites]
        lines.append("  (all sites: flask tenants list)")
        lines.append(f"Logins (password for all: {self.password}):")
        lines += [f"  {login.email:<40} {login.role:<12} {url(login.host)}dang-nhap"
                  for login in self.logins]
        return lines


def _base(base_domain: str | None) -> str:
    return (base_domain or current_app.config["BASE_DOMAIN"]).strip().lower().rstrip(".")


def demo_is_seeded(base_domain: str | None = None) -> bool:
    """True when the demo province (its host, or Lạng Sơn by code) is already a site."""
    with unscoped():
        return db.session.scalars(
            select(Tenant.id).outerjoin(Domain).where(or_(
                Domain.hostname == _base(base_domain),
                (Tenant.admin_code == province_code(find_province(PROVINCE)))
                & (Tenant.kind == TenantKind.PROVINCE),
            ))).first() is not None


def has_no_sites() -> bool:
    """True on a fresh database: ``make run`` seeds the demo only then."""
    with unscoped():
        return db.session.scalars(select(Tenant.id).limit(1)).first() is None


def demo_summary(base_domain: str | None = None, *, created: bool = False) -> DemoSummary | None:
    """What the demo offers (sites, logins), or None when it is not seeded."""
    base = _base(base_domain)
    with unscoped():
        province = db.session.scalars(select(Tenant).join(Domain)
                                      .where(Domain.hostname == base)).first()
        if province is None:
            return None
        by_label = {site.host.split(".", 1)[0]: site for site in db.session.scalars(
            select(Tenant).where(Tenant.path.startswith(province.path))
            .options(selectinload(Tenant.domains))) if site.host}
    summary = DemoSummary(base_domain=base, created=created, site_count=len(by_label))
    for label in (base.split(".", 1)[0], *(label for _, label, _en in DEPARTMENTS),
                  "xathongnhat", "phuongkylua", "caoloc", "songgiap"):
        site = by_label.get(label)
        if site is not None and site.host:
            summary.sites.append((site.name, site.host))
    summary.sites.insert(1, (f"{site_name(province, 'en')} (English)", f"english.{base}"))
    for email, _, role, label in ACCOUNTS:
        host = by_label[label].host if label in by_label else base
        summary.logins.append(DemoLogin(email=email, role=role.value, host=host or base))
    return summary


def _account(email: str, display_name: str, hub_role: HubRole | None) -> User:
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        user = User(email=email, display_name=display_name,
                    password_hash=hash_password(DEMO_PASSWORD), hub_role=hub_role)
        db.session.add(user)
        db.session.flush()
    return user


def seed_demo(base_domain: str | None = None) -> DemoSummary:
    """Build the demo province on ``base_domain`` (default ``BASE_DOMAIN``).

    Idempotent: when the province is already there it changes nothing and returns
    ``created=False``. Only flushes; the caller commits.
    """
    base = _base(base_domain)
    with unscoped():
        if demo_is_seeded(base):
            return demo_summary(base) or DemoSummary(base_domain=base, created=False)

        official = find_province(PROVINCE)
        province = create_tenant("Tỉnh Lạng Sơn", TenantKind.PROVINCE, host=base,
                                 settings=PROVINCE_SETTINGS,
                                 admin_code=province_code(official))
        add_domain(province, f"english.{base}", locale="en", primary=True)
        sites = {base.split(".", 1)[0]: province}
        for name, label, english_name in DEPARTMENTS:
            sites[label] = create_tenant(
                name, TenantKind.DEPARTMENT, parent=province, label=label,
                settings={"name_en": english_name,
                          "languages": ["vi", "en"] if label == "songoaivu" else ["vi"]})
        # The 2025 communes and wards, 4th level, found again by their unit code.
        import_province(official)
        for commune in db.session.scalars(select(Tenant).where(
                Tenant.parent_id == province.id, Tenant.kind == TenantKind.COMMUNE)):
            sites[commune.host.split(".", 1)[0]] = commune  # type: ignore[union-attr]
        # The pre-2025 layout of Article 4: a district with a 5th-level commune.
        district = create_tenant("Huyện Cao Lộc", TenantKind.DISTRICT, parent=province)
        create_tenant("Xã Song Giáp", TenantKind.COMMUNE, parent=district)
        give_footers(province)

        for email, display_name, role, label in ACCOUNTS:
            user = _account(email, display_name,
                            role if isinstance(role, HubRole) else None)
            if isinstance(role, SiteRole) and label is not None:
                db.session.add(Membership(user_id=user.id, tenant_id=sites[label].id,
                                          role=role))
        db.session.flush()
        return demo_summary(base, created=True)  # type: ignore[return-value]
