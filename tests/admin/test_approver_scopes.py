"""Approval split by subject between the board's head and deputy (004 Article 14): the
site's admin assigns each approver their categories; an approver with none approves
every category; the workflow holds an approver to their categories."""

from __future__ import annotations

from sqlalchemy import select

from hub.accounts.models import User
from hub.audit.models import AuditEntry
from hub.extensions import db
from hub.workflow.models import ApproverScope
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped
from tests.admin.helpers import (
    B_HOST,
    email_of,
    make_item,
    make_staff,
    post,
    staff_client,
    status_of,
)
from tests.admin.test_lists_and_dashboard import make_category
from tests.factories import create_user, host_client, login

SCREEN = "/quan-tri/pham-vi-duyet"


def user_id(app, email: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return db.session.scalar(select(User.id).where(User.email == email))


def scopes(app, site) -> dict[int, set[int]]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        found: dict[int, set[int]] = {}
        for row in db.session.scalars(select(ApproverScope)):
            found.setdefault(row.user_id, set()).add(row.category_id)
        return found


def test_an_approver_scoped_to_one_category_cannot_publish_another(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("site_admin", "editor", "approver"))
    land = make_category(app, site, "Đất đai", "dat-dai")
    tax = make_category(app, site, "Thuế", "thue")
    approver_id = user_id(app, email_of("approver", site))
    admin = staff_client(app, site, "site_admin")

    page = admin.get(SCREEN)
    assert page.status_code == 200
    assert "Approver Nguyễn" in page.text and "Đất đai" in page.text
    saved = post(admin, f"{SCREEN}/{approver_id}", {"categories": [str(land)]})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(SCREEN)
    assert scopes(app, site) == {approver_id: {land}}
    with app.app_context(), tenant_scope(site.id):
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "approver_scope.changed"))
        assert entry.object_id == str(approver_id) and entry.detail["added"] == [land]

    editor = email_of("editor", site)
    land_item = make_item(app, site, editor, steps=("submit",), category_id=land)
    tax_item = make_item(app, site, editor, steps=("submit",), category_id=tax)
    approver = staff_client(app, site, "approver")
    refused = post(approver, f"/quan-tri/noi-dung/{tax_item}/chuyen-trang-thai",
                   {"action": "approve"})
    assert refused.status_code in (403, 409)
    assert status_of(app, site, tax_item) == ContentStatus.SUBMITTED
    assert post(approver, f"/quan-tri/noi-dung/{land_item}/chuyen-trang-thai",
                {"action": "approve"}).status_code == 302
    assert status_of(app, site, land_item) == ContentStatus.PUBLISHED

    # Saving no category at all: the approver approves every category again.
    assert post(admin, f"{SCREEN}/{approver_id}", {}).status_code == 302
    assert scopes(app, site) == {}
    assert post(approver, f"/quan-tri/noi-dung/{tax_item}/chuyen-trang-thai",
                {"action": "approve"}).status_code == 302
    assert status_of(app, site, tax_item) == ContentStatus.PUBLISHED


def test_saving_replaces_the_whole_set(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("site_admin", "approver"))
    land = make_category(app, site, "Đất đai", "dat-dai")
    tax = make_category(app, site, "Thuế", "thue")
    approver_id = user_id(app, email_of("approver", site))
    admin = staff_client(app, site, "site_admin")
    post(admin, f"{SCREEN}/{approver_id}", {"categories": [str(land), str(tax)]})
    assert scopes(app, site) == {approver_id: {land, tax}}
    post(admin, f"{SCREEN}/{approver_id}", {"categories": [str(tax)]})
    assert scopes(app, site) == {approver_id: {tax}}
    page = admin.get(SCREEN).text
    assert f'value="{tax}" checked' in page and f'value="{land}" checked' not in page


def test_another_sites_category_or_approver_is_refused_and_nothing_saved(app, two_sites):
    site, other = two_sites
    make_staff(app, site, ("site_admin", "approver"))
    make_staff(app, other, ("approver",))
    land = make_category(app, site, "Đất đai", "dat-dai")
    foreign = make_category(app, other, "Tin xã", "tin-xa")
    approver_id = user_id(app, email_of("approver", site))
    admin = staff_client(app, site, "site_admin")
    refused = post(admin, f"{SCREEN}/{approver_id}",
                   {"categories": [str(land), str(foreign)]})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert post(admin, f"{SCREEN}/{approver_id}",
                {"categories": ["abc"]}).status_code == 400
    other_approver = user_id(app, email_of("approver", other))
    assert post(admin, f"{SCREEN}/{other_approver}",
                {"categories": [str(land)]}).status_code == 404
    assert scopes(app, site) == {} and scopes(app, other) == {}


def test_only_the_sites_admins_assign_scopes(app, two_sites):
    site, other = two_sites
    make_staff(app, site, ("site_admin", "editor", "approver"))
    approver_id = user_id(app, email_of("approver", site))
    land = make_category(app, site, "Đất đai", "dat-dai")
    for role in ("editor", "approver"):
        client = staff_client(app, site, role)
        assert client.get(SCREEN).status_code == 403
        assert post(client, f"{SCREEN}/{approver_id}",
                    {"categories": [str(land)]}).status_code == 403
        assert "pham-vi-duyet" not in client.get("/quan-tri/").text
    # The admin of this site is only an editor on the other one.
    create_user(app, "hai@langson.gov.vn", {site: "site_admin", other: "editor"})
    on_other = host_client(app, B_HOST)
    assert login(on_other, "hai@langson.gov.vn").status_code == 302
    assert on_other.get(SCREEN).status_code == 403
    assert scopes(app, site) == {}
