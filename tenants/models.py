"""Tenants (the province portal and each component site) and the hosts that serve them.

A tenant is one site: the province portal, a department (sở), a district (huyện), a
commune or ward (xã, phường) or another unit. Tenants form a tree under the province.
Tenants and domains are the roots of isolation, so they are not tenant-owned themselves:
the list of sites is public.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.database import stored_enum
from hub.core.text import strip_diacritics
from hub.extensions import db
from tenants.isolation import TenantOwned


class TenantKind(str, enum.Enum):
    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    UNIT = "unit"


class TenantStatus(str, enum.Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    MERGED = "merged"
    ARCHIVED = "archived"




# Site settings the office fills in (the English name, footer facts per Circular
# 22/2023, languages, deadline overrides). Unknown keys are refused by
# ``Tenant.update_settings``.
SETTING_KEYS = (
    # The site's name on its English host ("Lang Son Province"); hosts of that language
    # show the official Vietnamese name while it is unset.
    "name_en",
    "governing_agency",      # cơ quan chủ quản
    "responsible_person",    # người chịu trách nhiệm chính
    "address",
    "phone",
    "email",
    "licence",               # giấy phép
    # The facts written in words, in English, for the site's English host (which never
    # shows the Vietnamese ones: ``Tenant.footer_facts``).
    "governing_agency_en",
    "responsible_person_en",
    "address_en",
    "licence_en",
    "languages",             # enabled content locales, e.g. ["vi", "en"]
    "label_includes_unit_type",  # province only: "xathongnhat" (True) or "thongnhat"
    "deadline_overrides",
    # Public consultations: the shortest comment period and the time the agency has to
    # publish its response, in working days (``hub.content.consultation_period``).
    "consultation_min_working_days",
    "consultation_outcome_working_days",
    # The site's own notice on personal data (Decree 13/2023) shown on its Vietnamese
    # host; empty: the hub's standard notice (``hub.questions`` /hoi-dap/du-lieu-ca-nhan).
    "privacy_notice",
    # The optional fields the question form asks (``hub.questions.fields.OPTIONAL_FIELDS``);
    # unset: all of them.
    "question_fields",
    # The header's banner picture: {"id": attachment}
    # (``hub.public.banner``); unset: the header's own band.
    "banner",
)

# The facts Circular 22/2023 requires in every portal's footer (the public footer, the
# API's ``facts``, the settings screen's and the console's check).
FOOTER_FACTS = ("governing_agency", "responsible_person", "address", "phone", "email",
                "licence")
# The footer facts written in words: a host of another language shows its own setting
# of each (``address_en``); phone and email are the same in every language.
WORDED_FACTS = ("governing_agency", "responsible_person", "address", "licence")


def fact_key(key: str, locale: str) -> str:
    """The setting holding footer fact ``key`` on a host of ``locale``."""
    return f"{key}_{locale}" if locale != "vi" and key in WORDED_FACTS else key


# The setting holding a site's name in a language other than Vietnamese.
NAME_SETTINGS = {"en": "name_en"}

# The unit types that open an administrative unit's official name, and how English
# names them after the place ("Xã Tân Đoàn" -> "Tan Doan Commune"). Longer types first:
# "Thị xã" is not a "Xã".
UNIT_TYPES_EN = (
    ("Thành phố", "City"),
    ("Thị trấn", "Township"),
    ("Thị xã", "Town"),
    ("Đặc khu", "Special Zone"),
    ("Tỉnh", "Province"),
    ("Huyện", "District"),
    ("Quận", "District"),
    ("Phường", "Ward"),
    ("Xã", "Commune"),
)


def foreign_name(name: str) -> str:
    """A Vietnamese unit's name where no official foreign form was set: the place
    without diacritics followed by its unit type in English ("Phường Chi Lăng" ->
    "Chi Lang Ward"); any other name ("Sở Khoa học và Công nghệ") unaccented."""
    for vietnamese, english in UNIT_TYPES_EN:
        prefix = vietnamese.casefold() + " "
        if name.casefold().startswith(prefix) and len(name) > len(prefix):
            return f"{strip_diacritics(name[len(prefix):])} {english}"
    return strip_diacritics(name)


class Tenant(db.Model):
    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable identifier (the site's first host without the domain suffix, e.g.
    # "sokhcn.langson"); unlike the hosts it does not change on rename or move.
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[TenantKind] = mapped_column(stored_enum(TenantKind, length=16))
    status: Mapped[TenantStatus] = mapped_column(stored_enum(TenantStatus, length=16),
                                                 default=TenantStatus.ACTIVE)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"), index=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"))
    # Materialised ancestor path "/1/7/42/" (ids from the root down, self included):
    # "this site and its sub-sites" is a prefix match.
    path: Mapped[str] = mapped_column(String(512), default="/", index=True)
    # Code of the administrative unit this site belongs to, when it has one.
    admin_code: Mapped[str | None] = mapped_column(String(16))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    parent: Mapped[Tenant | None] = relationship(
        remote_side="Tenant.id", foreign_keys=[parent_id], back_populates="children")
    children: Mapped[list[Tenant]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Tenant.name")
    successor: Mapped[Tenant | None] = relationship(remote_side="Tenant.id",
                                                    foreign_keys=[successor_id])
    domains: Mapped[list[Domain]] = relationship(back_populates="tenant",
                                                 order_by="Domain.hostname")

    def __repr__(self) -> str:
        return f"<Tenant {self.slug} {self.kind.value} {self.status.value}>"

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def setting(self, key: str, default: Any = None) -> Any:
        return (self.settings or {}).get(key, default)

    def footer_facts(self, locale: str = "vi") -> dict[str, str]:
        """The footer facts filled in for a host of ``locale``, by their key in
        ``FOOTER_FACTS``: an English host shows the English settings, never the
        Vietnamese ones in their place."""
        values = {key: str(self.setting(fact_key(key, locale)) or "").strip()
                  for key in FOOTER_FACTS}
        return {key: value for key, value in values.items() if value}

    def missing_footer_facts(self, locale: str = "vi") -> list[str]:
        """The footer facts of Circular 22/2023 this site has not filled in (for a host
        of ``locale``: the settings' keys, ``address_en`` for English)."""
        present = self.footer_facts(locale)
        return [fact_key(key, locale) for key in FOOTER_FACTS if key not in present]

    def name_in(self, locale: str) -> str:
        """The site's name on a host of ``locale``, the one rule every page, list, feed,
        search result and API answer follows: the official Vietnamese name on
        Vietnamese hosts; elsewhere the name the office set in that language
        (``name_en``), else ``foreign_name`` of the Vietnamese one."""
        if locale == "vi":
            return self.name
        key = NAME_SETTINGS.get(locale)
        named = str(self.setting(key) or "").strip() if key else ""
        return named or foreign_name(self.name)

    def update_settings(self, **values: Any) -> None:
        unknown = set(values) - set(SETTING_KEYS)
        if unknown:
            raise ValueError(f"unknown site settings: {', '.join(sorted(unknown))}")
        # A new dict so SQLAlchemy sees the change of the JSON column. None removes a
        # key: the default applies again.
        merged = {**(self.settings or {}), **values}
        self.settings = {key: value for key, value in merged.items() if value is not None}

    def primary_domain(self, locale: str = "vi") -> Domain | None:
        for domain in self.domains:
            if domain.is_primary and domain.locale == locale and not domain.is_redirect:
                return domain
        return None

    @property
    def host(self) -> str | None:
        domain = self.primary_domain("vi")
        return domain.hostname if domain else None


class Domain(db.Model):
    __tablename__ = "domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(253), unique=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"),
                                           index=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    # A redirect domain answers every request with a 301 to the tenant's primary host
    # (old addresses after a rename, a move or a merge keep working).
    is_redirect: Mapped[bool] = mapped_column(Boolean, default=False)

    tenant: Mapped[Tenant] = relationship(back_populates="domains")

    def __repr__(self) -> str:
        return f"<Domain {self.hostname} -> {self.tenant_id} {self.locale}>"


class SiteSuspension(TenantOwned, db.Model):
    """A site's suspension, planned or immediate (Decree 224/2026: a planned one is
    announced at least 7 working days ahead with the expected restoration time).

    The site's state follows from the clock: from ``starts_at`` until ``restores_at``
    (or until the office ends it early, ``ended_at``) every host of the site answers 503
    with the restoration time; before ``starts_at`` its pages carry a banner. An
    immediate suspension (``immediate``) also sets ``Tenant.status``; its restoration
    time is an estimate and may be empty. ``tenants.resolution`` reads these rows for
    the host map; ``hub.sites.suspensions`` writes them.
    """

    __tablename__ = "site_suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    restores_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text, default="")
    immediate: Mapped[bool] = mapped_column(Boolean, default=False)
    announced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    announced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The office put the site back before ``restores_at`` (or the job closed a window
    # whose restoration time has passed, so cached pages lose the banner).
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def __repr__(self) -> str:
        kind = "immediate" if self.immediate else "planned"
        return f"<SiteSuspension {self.tenant_id} {kind} {self.starts_at}>"

    @property
    def is_open(self) -> bool:
        """Neither cancelled nor ended: it announces, suspends, or is about to close."""
        return self.cancelled_at is None and self.ended_at is None


class MovedAddress(TenantOwned, db.Model):
    """An old address on a merged site that leads elsewhere than the same path on the
    successor: ``path`` of ``from_tenant_id`` (merged) now lives at ``target_path`` of
    this row's tenant (the successor) — an item whose slug had to change when the merged
    site's content moved. Resolution reads it (unscoped) before redirecting a merged
    site's host; every other path keeps its same-path redirect."""

    __tablename__ = "moved_address"
    __table_args__ = (Index("ix_moved_address_lookup", "from_tenant_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(260))
    target_path: Mapped[str] = mapped_column(String(260))
