"""The permission table: what each role may do, on its own site only."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from hub.accounts.models import HubRole, SiteRole, User
from hub.accounts.permissions import (
    PERMISSIONS,
    UnknownPermission,
    can,
    has_access,
    permission_required,
    permissions_of,
    roles_on,
)
from hub.extensions import db
from tenants.context import tenant_scope
from tests.accounts.conftest import A_HOST, site_client
from tests.factories import PASSWORD, create_user, csrf_from, login

# The table as the regulation and the design describe it, written out independently of
# the code. A new permission must be added here too, or the completeness test fails.
_WRITE = {"content.view", "content.create", "content.submit", "attachments.upload"}
_EDIT = _WRITE | {"content.edit_any", "content.restore_revision", "procedures.import",
                  "people.manage", "translation.view", "questions.view", "questions.answer",
                  "problems.view", "consultations.view", "consultations.respond"}
_APPROVE = _EDIT - {"people.manage"} | {
    "content.approve", "content.unpublish", "content.take_down", "content.archive",
    "reports.view", "translation.request", "translation.review", "questions.approve",
    "ratings.moderate", "problems.handle", "consultations.moderate",
    "consultations.publish_outcome"}
_SITE_ADMIN = _APPROVE | {"members.manage", "settings.manage", "audit.view",
                          "people.manage", "structure.manage", "approver_scopes.manage",
                          "royalties.view"}
_STAFF = {"admin.access", "account.own"}  # the staff area, one's own account page
EXPECTED: dict[str, set[str]] = {
    "site_admin": _STAFF | _SITE_ADMIN,
    "approver": _STAFF | _APPROVE,
    "editor": _STAFF | _EDIT,
    "contributor": _STAFF | _WRITE,
    # The translation office's translators: their queue and the translation itself.
    "translator": _STAFF | {"translation.view", "translation.work"},
    "hub_admin": _STAFF | {"console.view", "console.manage", "calendar.manage",
                  "audit.view_all",
                  "translation.work", "translation.coverage"}
                 | _SITE_ADMIN,  # every permission, on every site
    "hub_auditor": {"admin.access", "account.own", "console.view", "audit.view",
                    "audit.view_all", "reports.view",
                    "royalties.view", "translation.coverage", "questions.view",
                    "problems.view", "consultations.view"},
}


def test_the_expected_table_covers_every_permission_and_role():
    assert set(EXPECTED) == {r.value for r in SiteRole} | {r.value for r in HubRole}
    assert set(PERMISSIONS) == EXPECTED["hub_admin"]


@pytest.mark.parametrize("role", [r.value for r in SiteRole] + [r.value for r in HubRole])
def test_the_table_says_what_each_role_holds(role):
    member = HubRole(role) if role.startswith("hub_") else SiteRole(role)
    assert permissions_of(member) == EXPECTED[role]


@pytest.mark.parametrize("role", [r.value for r in SiteRole])
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_a_site_role_holds_its_permissions_on_its_site_only(app, two_sites, role,
                                                            permission):
    site_a, site_b = two_sites
    user = create_user(app, f"{role}@sokhcn.gov.vn", {site_a: role})
    with app.app_context():
        user = db.session.get(User, user.id)
        with tenant_scope(site_a.id):
            assert roles_on(user, site_a.id) == {SiteRole(role)}
            assert can(user, permission) is (permission in EXPECTED[role])
            # Asked from site A about site B, the scope hides B's rows: nothing.
            assert can(user, permission, site_b.id) is False
        with tenant_scope(site_b.id):
            assert has_access(user, site_b.id) is False
            assert can(user, permission) is False


@pytest.mark.parametrize("role", [r.value for r in HubRole])
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_a_hub_role_holds_its_permissions_on_every_site(app, two_sites, role, permission):
    site_a, site_b = two_sites
    user = create_user(app, f"{role}@langson.gov.vn", hub_role=role)
    with app.app_context():
        user = db.session.get(User, user.id)
        for site in (site_a, site_b):
            with tenant_scope(site.id):
                assert has_access(user, site.id)
                assert can(user, permission) is (permission in EXPECTED[role])


def test_a_disabled_account_and_a_visitor_hold_nothing(app, site_a):
    user = create_user(app, "gone@langson.gov.vn", {site_a: "site_admin"},
                       hub_role="hub_admin")
    with app.app_context(), tenant_scope(site_a.id):
        user = db.session.get(User, user.id)
        user.is_enabled = False
        assert not can(user, "members.manage") and not can(user, "console.view")
        assert not can(AnonymousUserMixin(), "admin.access")
        assert not can(None, "admin.access")


def test_an_unknown_permission_is_a_programming_error(app, site_a):
    user = create_user(app, "a@sokhcn.gov.vn", {site_a: "site_admin"})
    with app.app_context(), tenant_scope(site_a.id), pytest.raises(UnknownPermission):
        can(db.session.get(User, user.id), "members.manag")
    with pytest.raises(UnknownPermission):
        permission_required("content.creat")


def test_a_visitor_is_sent_to_log_in_and_comes_back(app, site_a):
    create_user(app, "admin@sokhcn.gov.vn", {site_a: "site_admin"})
    client = site_client(app, A_HOST)
    response = client.get("/quan-tri/thanh-vien")
    assert response.status_code == 302
    assert response.headers["Location"] == "/dang-nhap?next=%2Fquan-tri%2Fthanh-vien"
    page = client.get(response.headers["Location"])
    assert "Vui lòng đăng nhập để xem trang này." in page.get_data(as_text=True)
    assert 'value="/quan-tri/thanh-vien"' in page.get_data(as_text=True)
    done = client.post("/dang-nhap", data={
        "email": "admin@sokhcn.gov.vn", "password": PASSWORD,
        "next": "/quan-tri/thanh-vien", "csrf_token": csrf_from(page.data)})
    assert done.headers["Location"] == "/quan-tri/thanh-vien"
    assert client.get("/quan-tri/thanh-vien").status_code == 200


def test_a_member_without_the_permission_gets_a_readable_403(app, site_a):
    create_user(app, "editor@sokhcn.gov.vn", {site_a: "editor"})
    client = site_client(app, A_HOST)
    login(client, "editor@sokhcn.gov.vn")
    response = client.get("/quan-tri/thanh-vien")
    assert response.status_code == 403
    assert "không có quyền thực hiện thao tác này trên trang này" in \
        response.get_data(as_text=True)
