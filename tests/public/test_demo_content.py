"""Each kind of demo site publishes its own content (``hub.demo.profiles``): the
province its decisions and its chairman's schedule, the department its own decisions
and director's schedule, the commune its notices; titles in sentence case, never all
lower case; a document with a PDF file on every site; one provincial decision reposted
by the department on purpose, no other number shared."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from hub.content.models import LegalDocument, ScheduleEntry
from hub.demo.content import fill_site
from hub.extensions import db
from search.collapse import issuer_key
from tenants.context import tenant_scope
from tests.browser.seed import COMMUNE_HOST, DEPARTMENT_HOST, PROVINCE_HOST
from tests.factories import create_site, create_user, host_client

SITES = ((PROVINCE_HOST, "langson", "Tỉnh Lạng Sơn", "province", "tỉnh Lạng Sơn"),
         (DEPARTMENT_HOST, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
          "Sở Khoa học và Công nghệ"),
         (COMMUNE_HOST, "xathongnhat.langson", "Xã Thống Nhất", "commune", "xã Thống Nhất"))


def _fill(app):  # type: ignore[no-untyped-def]
    province = None
    filled = {}
    for host, slug, name, kind, called in SITES:
        site = create_site(app, slug, name, kind, parent=province, hosts=(host,))
        province = province or site
        create_user(app, f"admin@{slug}.gov.vn", {site: "site_admin"})
        filled[host] = (site, fill_site(app, site, host, called, f"admin@{slug}.gov.vn"))
    return filled


def test_each_kind_of_site_has_its_own_content(app):
    filled = _fill(app)
    numbers: Counter[tuple[str, str]] = Counter()
    leaders = {}
    for host, (site, content) in filled.items():
        with app.app_context(), tenant_scope(site.id):
            documents = db.session.scalars(select(LegalDocument)).all()
            # Issuers as copies compare them: the department writes the province short.
            numbers.update((doc.number, issuer_key(doc.issuer)) for doc in documents)
            leaders[host] = {entry.leader for entry in db.session.scalars(
                select(ScheduleEntry))}
            titles = [doc.title for doc in documents]
        assert all(title[0].isupper() and title != title.lower() for title in titles)
        client = host_client(app, host)
        with_file = client.get(f"/van-ban/{content.first('legal_document')[1]}")
        assert with_file.status_code == 200 and ".pdf" in with_file.text, host
        pdf_link = with_file.text.split('.pdf"')[0].rsplit('href="', 1)[1] + ".pdf"
        pdf = client.get(pdf_link)
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-"), pdf_link
    # One provincial decision is reposted by the department, nothing else is shared.
    assert [key for key, count in numbers.items() if count > 1] == [
        ("40/2024/QĐ-UBND", "uy ban nhan dan tinh lang son")]
    assert ("58/QĐ-SKHCN", "so khoa hoc va cong nghe") in numbers
    assert ("45/TB-UBND", "uy ban nhan dan xa thong nhat") in numbers
    assert any("Chủ tịch UBND tỉnh" in leader for leader in leaders[PROVINCE_HOST])
    assert any("Giám đốc Sở" in leader for leader in leaders[DEPARTMENT_HOST])
    assert any("Chủ tịch UBND xã" in leader for leader in leaders[COMMUNE_HOST])
    # The province has documents in both registers.
    province = host_client(app, PROVINCE_HOST)
    assert "40/2024/QĐ-UBND" in province.get("/van-ban-quy-pham-phap-luat").text
    directive = province.get("/van-ban-chi-dao-dieu-hanh").text
    assert "1234/QĐ-UBND" in directive and "125/KH-UBND" in directive
