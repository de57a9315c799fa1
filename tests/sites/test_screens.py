"""The province office administers sites in the browser (issue 19): each action is a
form on the province host, answered by a redirect to the site's page with a message,
and recorded in the audit log under the office's account. A refused action shows the
form again with the reason, and writes nothing."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantStatus
from tests.factories import create_site, create_user, csrf_from, host_client, login
from tests.sites.helpers import SITES, audit, office_client, post_form, tenant


def site_page(tenant_id: int) -> str:
    """Where an action leads: the site's page in the console."""
    return f"{SITES}/{tenant_id}"


def counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context(), unscoped():
        return tuple(db.session.scalar(select(func.count()).select_from(model))  # type: ignore[return-value]
                     for model in (Tenant, Domain, AuditEntry))


def office_id(app: Flask) -> int:
    from hub.accounts.models import User
    with app.app_context(), unscoped():
        return db.session.scalars(select(User.id).filter_by(email="office@langson.gov.vn")).one()


def test_a_commune_of_the_national_list_gets_its_site_under_the_province(app, province):
    client = office_client(app)
    page = client.get(f"{SITES}/moi")
    assert "Xã Thất Khê" in page.text  # Lạng Sơn's communes, from vietnam-provinces
    response = post_form(client, f"{SITES}/moi", {"unit_code": "06040", "kind": "commune"})
    created = tenant(app, "xathatkhe.langson")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(site_page(created.id))
    assert created.host == "xathatkhe.langson.localhost" and created.admin_code == "06040"
    assert audit(app, created.id) == [("tenant.created", office_id(app))]
    assert "Xã Thất Khê" in client.get(response.headers["Location"]).text  # the flash
    # once it has a site, the unit leaves the list
    assert "Xã Thất Khê" not in client.get(f"{SITES}/moi").text


def test_a_department_is_created_by_its_name(app, province):
    client = office_client(app)
    response = post_form(client, f"{SITES}/moi", {"name": "Sở Tư pháp", "kind": "department",
                                                   "label": "sotp"})
    assert response.status_code == 302
    assert tenant(app, "sotp.langson").host == "sotp.langson.localhost"


def test_rename_keeps_the_old_host_as_a_redirect(app, province, two_sites):
    _, commune = two_sites
    client = office_client(app)
    response = post_form(client, f"{SITES}/{commune.id}/doi-ten", {"name": "Xã Hòa Bình"})
    assert response.status_code == 302
    assert response.headers["Location"] == site_page(commune.id)
    assert tenant(app, commune.slug).host == "xahoabinh.langson.localhost"
    assert audit(app, commune.id) == [("tenant.renamed", office_id(app))]
    old = host_client(app, "xathongnhat.langson.localhost").get("/tin-tuc")
    assert old.status_code == 301
    assert old.headers["Location"] == "http://xahoabinh.langson.localhost/tin-tuc"


def test_a_domain_that_is_taken_is_refused_with_409_and_nothing_written(app, province,
                                                                       two_sites):
    department, commune = two_sites
    client = office_client(app)
    before = counts(app)
    response = post_form(client, f"{SITES}/{commune.id}/ten-mien",
                         {"hostname": "sokhcn.langson.localhost", "locale": "vi"})
    assert response.status_code == 409
    assert "sokhcn.langson.localhost" in response.text and "form-error" in response.text
    assert counts(app) == before

    response = post_form(client, f"{SITES}/{commune.id}/ten-mien",
                         {"hostname": "english.xathongnhat.langson.localhost",
                          "locale": "en", "primary": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == site_page(commune.id)
    assert host_client(app, "english.xathongnhat.langson.localhost").get("/").status_code == 200
    assert audit(app, commune.id) == [("domain.added", office_id(app))]


def test_a_refusal_is_given_in_vietnamese_on_the_province_host(app, province, two_sites):
    _, commune = two_sites
    client = office_client(app)
    taken = post_form(client, f"{SITES}/{commune.id}/ten-mien",
                      {"hostname": "sokhcn.langson.localhost", "locale": "vi"})
    assert taken.status_code == 409
    assert ("Bị từ chối: sokhcn.langson.localhost đã là địa chỉ của Sở Khoa học"
            in taken.text)
    assert "không thể cấp thêm cho Xã Thống Nhất (xathongnhat.langson)" in taken.text
    for english in ("already the address", "cannot also be given", "Choose another label",
                    "Refused"):
        assert english not in taken.text

    portal = post_form(client, f"{SITES}/{province.id}/luu-tru", {"reason": "Thử"})
    assert portal.status_code == 422
    assert ("là cổng thông tin của tỉnh; không thể lưu trữ trang này"
            in portal.text)
    assert "province portal" not in portal.text and "cannot be" not in portal.text
    assert tenant(app, province.slug).status == TenantStatus.ACTIVE


def test_an_invalid_label_is_refused_with_422(app, province, two_sites):
    _, commune = two_sites
    client = office_client(app)
    response = post_form(client, f"{SITES}/{commune.id}/doi-ten",
                         {"name": "Xã Hòa Bình", "label": "-bad label-"})
    assert response.status_code == 422
    assert "&#39;-bad label-&#39; không phải là nhãn tên miền hợp lệ" in response.text
    assert "not a valid domain label" not in response.text
    assert tenant(app, commune.slug).name == "Xã Thống Nhất"


def test_a_5th_level_commune_moves_under_the_province(app, province):
    district = create_site(app, "caoloc.langson", "Huyện Cao Lộc", "district",
                           parent=province, hosts=("caoloc.langson.localhost",))
    commune = create_site(app, "songgiap.caoloc.langson", "Xã Song Giáp", parent=district,
                          hosts=("songgiap.caoloc.langson.localhost",))
    client = office_client(app)
    response = post_form(client, f"{SITES}/{commune.id}/chuyen-cap",
                         {"parent": province.id, "label": "xasonggiap"})
    assert response.status_code == 302
    assert response.headers["Location"] == site_page(commune.id)
    moved = tenant(app, "songgiap.caoloc.langson")
    assert moved.host == "xasonggiap.langson.localhost"
    assert moved.path == f"/{province.id}/{commune.id}/"
    assert audit(app, commune.id) == [("tenant.moved", office_id(app))]


def test_merge_shows_a_preview_then_merges_on_one_confirmation(app, province, two_sites):
    department, commune = two_sites
    other = create_site(app, "xadongtien.langson", "Xã Đồng Tiến", parent=province,
                        hosts=("xadongtien.langson.localhost", "dongtien.langson.localhost"))
    client = office_client(app)
    preview = client.get(f"{SITES}/{other.id}/sap-nhap?into={commune.id}")
    assert preview.status_code == 200
    assert "xadongtien.langson.localhost" in preview.text
    assert "dongtien.langson.localhost" in preview.text
    assert tenant(app, "xadongtien.langson").status == TenantStatus.ACTIVE  # GET changes nothing

    response = post_form(client, f"{SITES}/{other.id}/sap-nhap",
                         {"into": commune.id, "confirm": "yes"},
                         form_path=f"{SITES}/{other.id}/sap-nhap?into={commune.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == site_page(other.id)
    assert tenant(app, "xadongtien.langson").status == TenantStatus.MERGED
    assert audit(app, other.id) == [("tenant.merged", office_id(app))]
    old = host_client(app, "dongtien.langson.localhost").get("/")
    assert old.status_code == 301 and "xathongnhat.langson.localhost" in old.headers["Location"]


def test_merging_into_itself_is_refused_with_the_reason(app, province, two_sites):
    _, commune = two_sites
    client = office_client(app)
    page = client.get(f"{SITES}/{commune.id}/sap-nhap")
    # the site itself is not offered; a forged choice is refused as an invalid choice
    response = client.post(f"{SITES}/{commune.id}/sap-nhap",
                           data={"into": commune.id, "csrf_token": csrf_from(page.data)})
    assert response.status_code == 400
    assert tenant(app, commune.slug).status == TenantStatus.ACTIVE


def test_archive_answers_410_afterwards(app, province, two_sites):
    department, _ = two_sites
    client = office_client(app)
    response = post_form(client, f"{SITES}/{department.id}/luu-tru", {"reason": "Giải thể"})
    assert response.status_code == 302
    assert response.headers["Location"] == site_page(department.id)
    assert host_client(app, "sokhcn.langson.localhost").get("/").status_code == 410
    assert audit(app, department.id) == [("tenant.archived", office_id(app))]
    # archiving it again is refused with the reason
    response = post_form(client, f"{SITES}/{department.id}/luu-tru", {},
                         form_path=f"{SITES}/{department.id}/luu-tru")
    assert response.status_code == 422


# --- who may -------------------------------------------------------------------------

def test_the_auditor_sees_but_cannot_act(app, province, two_sites):
    _, commune = two_sites
    client = office_client(app, "auditor@langson.gov.vn", hub_role="hub_auditor")
    assert client.get(f"{SITES}/{commune.id}/quan-ly").status_code == 200
    preview = client.get(f"{SITES}/{commune.id}/sap-nhap?into={province.id}")
    assert preview.status_code == 200 and "confirm" not in preview.text
    token = csrf_from(client.get("/quan-tri/tai-khoan").data)
    for path, data in ((f"{SITES}/{commune.id}/doi-ten", {"name": "X"}),
                       (f"{SITES}/{commune.id}/sap-nhap", {"into": province.id}),
                       (f"{SITES}/{commune.id}/khoi-phuc", {}),
                       (f"{SITES}/{commune.id}/tam-dung/ngay", {"reason": "x"}),
                       (f"{SITES}/moi", {"name": "X", "kind": "unit"})):
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403, path
    assert client.get(f"{SITES}/{commune.id}/doi-ten").status_code == 403
    assert tenant(app, commune.slug).name == "Xã Thống Nhất"


def test_a_site_admin_gets_403_on_the_province_and_404_on_their_own_host(app, province,
                                                                        two_sites):
    _, commune = two_sites
    create_user(app, "admin@xathongnhat.gov.vn", roles={commune: "site_admin"})
    # an administrator of the province's own site is staff there, but not the office
    create_user(app, "admin@langson.gov.vn", roles={province: "site_admin"})
    on_province = host_client(app, "langson.localhost")
    login(on_province, "admin@langson.gov.vn")
    assert on_province.get(f"{SITES}/{commune.id}/quan-ly").status_code == 403
    assert on_province.get(f"{SITES}/{commune.id}/doi-ten").status_code == 403
    # a commune's administrator cannot even log in on the province host
    stranger = host_client(app, "langson.localhost")
    login(stranger, "admin@xathongnhat.gov.vn")
    assert stranger.get(f"{SITES}/{commune.id}/quan-ly").status_code == 302
    own = host_client(app, "xathongnhat.langson.localhost")
    login(own, "admin@xathongnhat.gov.vn")
    assert own.get(f"{SITES}/{commune.id}/quan-ly").status_code == 404
    assert own.get(f"{SITES}/moi").status_code == 404


def test_sites_of_another_province_are_not_found(app, province):
    other = create_site(app, "caobang", "Tỉnh Cao Bằng", "province",
                        hosts=("caobang.localhost",))
    client = office_client(app)
    assert client.get(f"{SITES}/{other.id}/quan-ly").status_code == 404


def test_a_form_without_its_token_or_with_an_empty_field_writes_nothing(app, province,
                                                                       two_sites):
    _, commune = two_sites
    client = office_client(app)
    before = counts(app)
    empty = post_form(client, f"{SITES}/{commune.id}/doi-ten", {"name": ""})
    assert empty.status_code == 400 and 'class="field-error"' in empty.text
    nothing = post_form(client, f"{SITES}/moi", {"kind": "commune"})
    assert nothing.status_code == 422
    assert client.post(f"{SITES}/{commune.id}/doi-ten",
                       data={"name": "Xã Hòa Bình"}).status_code == 400  # no CSRF token
    assert counts(app) == before
