"""A small demo-like province for the browser tests: every public content type published
through the real workflow services, with categories, a main menu and a directory.

``seed(app)`` builds it once per session and returns a ``Seeded`` record of the hosts
and of the ids and slugs the tests visit.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from hub.demo.content import SiteContent, fill_site
from hub.demo.english import fill_english
from hub.demo.photos import add_photographs
from tests.factories import create_site, create_user

PROVINCE_HOST = "langson.localhost"
ENGLISH_HOST = "english.langson.localhost"
COMMUNE_HOST = "xathongnhat.langson.localhost"
DEPARTMENT_HOST = "sokhcn.langson.localhost"
DISTRICT_HOST = "caoloc.langson.localhost"
LEGACY_COMMUNE_HOST = "tandoan.caoloc.langson.localhost"


@dataclass
class Seeded:
    province: SiteContent
    commune: SiteContent
    english: SiteContent


def seed(app: Flask) -> Seeded:
    settings = {
        "governing_agency": "Văn phòng UBND tỉnh Lạng Sơn",
        "responsible_person": "Lương Trọng Quỳnh",
        "address": "Số 2 Hoàng Văn Thụ, TP Lạng Sơn", "phone": "0205 3812 345",
        "email": "congthongtindientu@langson.gov.vn", "licence": "Giấy phép số 05/GP-TTĐT"}
    province = create_site(app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=(PROVINCE_HOST,), english_host=ENGLISH_HOST, **settings)
    create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                parent=province, hosts=(DEPARTMENT_HOST,), **settings)
    commune = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=province, hosts=(COMMUNE_HOST,), **settings)
    # The pre-2025 layout: a district with a 5th-level commune (the directory groups it).
    district = create_site(app, "caoloc.langson", "Huyện Cao Lộc", "district",
                           parent=province, hosts=(DISTRICT_HOST,), **settings)
    create_site(app, "tandoan.caoloc.langson", "Xã Tân Đoàn", "commune", parent=district,
                hosts=(LEGACY_COMMUNE_HOST,), **settings)
    create_user(app, "admin@langson.gov.vn", {province: "site_admin"})
    create_user(app, "admin@xathongnhat.gov.vn", {commune: "site_admin"})
    province_content = fill_site(app, province, PROVINCE_HOST, "tỉnh Lạng Sơn",
                                 "admin@langson.gov.vn")
    add_photographs(app, province, PROVINCE_HOST, "admin@langson.gov.vn", province_content)
    return Seeded(
        province=province_content,
        commune=fill_site(app, commune, COMMUNE_HOST, "xã Thống Nhất",
                           "admin@xathongnhat.gov.vn"),
        english=fill_english(app, province, ENGLISH_HOST, "admin@langson.gov.vn"))

