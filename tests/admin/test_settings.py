"""A site's settings screen (/quan-tri/cai-dat): its admins fill in the footer facts
Circular 22/2023 requires, which every public page shows at once; what is missing is
flagged; a wrong value is refused with its reason and nothing is saved; the audit log
names the settings changed, never their values."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.content.deadlines import rules_for
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.admin.helpers import A_HOST, B_HOST, make_staff, post, staff_client
from tests.deadlines.builders import seed_regulation
from tests.factories import create_user, host_client, login

SCREEN = "/quan-tri/cai-dat"
FACTS = {
    "governing_agency": "Ủy ban nhân dân tỉnh Lạng Sơn",
    "responsible_person": "Giám đốc Sở Khoa học và Công nghệ",
    "address": "Số 1 đường Hoàng Văn Thụ, phường Lương Văn Tri, tỉnh Lạng Sơn",
    "phone": "(0205) 3812 656",
    "email": "sokhcn@langson.gov.vn",
    "licence": "Giấy phép số 12/GP-TTĐT ngày 05/3/2024",
}


def form(**changes: Any) -> dict[str, Any]:
    """Everything the screen posts, with the facts above and ``changes``."""
    data: dict[str, Any] = {**FACTS, "name_en": "Department of Science and Technology",
                            "languages": ["vi", "en"],
                            "question_fields": ["email", "phone", "attachment"],
                            "consultation_min_working_days": "",
                            "consultation_outcome_working_days": "",
                            "privacy_notice": ""}
    data.update(changes)
    return data


def settings_of(app, site) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.remove()
        return dict(db.session.get(Tenant, site.id).settings or {})


def audit_of(app, site) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        return list(db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "site.settings_changed").order_by(AuditEntry.id)))


@pytest.fixture
def site(app, two_sites):  # type: ignore[no-untyped-def]
    seed_regulation(app)
    site, _other = two_sites
    make_staff(app, site, ("site_admin", "editor"))
    return site


def test_the_footer_facts_saved_are_on_every_public_page_at_once(app, site):
    visitor = host_client(app, A_HOST)
    assert FACTS["governing_agency"] not in visitor.get("/").text  # now in the cache
    admin = staff_client(app, site, "site_admin")
    assert admin.get(SCREEN).status_code == 200

    # Typed decomposed (as some keyboards send it): stored composed (NFC).
    decomposed = unicodedata.normalize("NFD", FACTS["governing_agency"])
    saved = post(admin, SCREEN, form(governing_agency=f"  {decomposed} "))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(SCREEN)
    stored = settings_of(app, site)
    assert stored["governing_agency"] == FACTS["governing_agency"]
    assert all(stored[key] == value for key, value in FACTS.items())
    assert stored["languages"] == ["vi", "en"]

    home = visitor.get("/").text
    for value in FACTS.values():
        assert value in home
    assert FACTS["licence"] in visitor.get("/hoi-dap").text

    [entry] = audit_of(app, site)
    assert set(entry.detail["keys"]) >= set(FACTS)
    assert FACTS["responsible_person"] not in str(entry.detail)
    assert FACTS["phone"] not in str(entry.detail)

    # Saving the same values again changes nothing and records nothing.
    assert post(admin, SCREEN, form()).status_code == 302
    assert len(audit_of(app, site)) == 1


def structure_missing(app) -> list[str]:  # type: ignore[no-untyped-def]
    return host_client(app, A_HOST).get("/api/v1/structure").json["data"][
        "missing_footer_facts"]


def test_the_missing_circular_22_facts_are_flagged(app, site):
    """The screen flags what ``/api/v1/structure`` reports missing: one check."""
    admin = staff_client(app, site, "site_admin")
    page = admin.get(SCREEN).text
    for key in FACTS:
        assert f'data-fact="{key}"' in page
    assert structure_missing(app) == list(FACTS)
    post(admin, SCREEN, form(licence=""))
    page = admin.get(SCREEN).text
    assert 'data-fact="licence"' in page
    assert 'data-fact="governing_agency"' not in page
    assert structure_missing(app) == ["licence"]
    post(admin, SCREEN, form())
    assert "data-fact=" not in admin.get(SCREEN).text
    assert structure_missing(app) == []


DASHBOARD = "/quan-tri/"


def flagged(page: str) -> dict[str, str]:
    """The facts a page's notice lists, each with the link to its field."""
    return dict(re.findall(r'<li data-fact="(\w+)"><a href="([^"]+)"', page))


def test_the_dashboard_tells_the_sites_admin_which_facts_are_missing(app, site):
    """Until the footer is complete its admin is told after login, each fact a link to
    its field on the settings screen; the notice goes once they are filled in."""
    admin = staff_client(app, site, "site_admin")
    assert flagged(admin.get(DASHBOARD).text) == {key: f"{SCREEN}#{key}" for key in FACTS}
    on_screen = admin.get(SCREEN).text
    assert flagged(on_screen) == {key: f"{SCREEN}#{key}" for key in FACTS}
    assert all(f'id="{key}"' in on_screen for key in FACTS)  # the links' targets

    post(admin, SCREEN, form(phone="", email=""))
    assert flagged(admin.get(DASHBOARD).text) == {"phone": f"{SCREEN}#phone",
                                                  "email": f"{SCREEN}#email"}
    post(admin, SCREEN, form())
    dashboard = admin.get(DASHBOARD).text
    assert flagged(dashboard) == {} and "missing-facts" not in dashboard


def test_an_editor_is_not_shown_the_notice_nor_the_settings_link(app, site):
    editor = staff_client(app, site, "editor")
    dashboard = editor.get(DASHBOARD).text
    assert dashboard.count("<h1>") == 1  # the dashboard itself, not an error page
    assert "missing-facts" not in dashboard and "data-fact=" not in dashboard
    assert SCREEN not in dashboard


@pytest.mark.parametrize(("changes", "field"), [
    ({"email": "sokhcn at langson"}, "email"),
    ({"phone": "gọi Văn phòng"}, "phone"),
    ({"phone": "12"}, "phone"),
    ({"languages": ["vi", "fr"]}, "languages"),
    ({"languages": ["en"]}, "languages"),
    ({"consultation_min_working_days": "0"}, "consultation_min_working_days"),
    ({"consultation_outcome_working_days": "999"}, "consultation_outcome_working_days"),
    ({"consultation_outcome_working_days": "ba mươi"}, "consultation_outcome_working_days"),
    ({"deadline_legal_document": "61"}, "deadline_legal_document"),
    ({"deadline_legal_document": "-2"}, "deadline_legal_document"),
    ({"deadline_question_own": "20"}, "deadline_question_own"),
    ({"deadline_other": "5", "deadline_other_unit": "weeks"}, "deadline_other"),
    ({"question_fields": ["email", "cccd"]}, "question_fields"),
    ({"governing_agency": "x" * 256}, "governing_agency"),
])
def test_a_wrong_value_is_refused_with_its_reason_and_nothing_is_saved(
        app, site, changes, field):
    admin = staff_client(app, site, "site_admin")
    before = settings_of(app, site)
    refused = post(admin, SCREEN, form(**changes))
    assert refused.status_code == 422
    assert f'id="{field}-error"' in refused.text
    assert 'class="form-error" role="alert"' in refused.text
    assert settings_of(app, site) == before
    assert audit_of(app, site) == []


def test_the_messages_say_what_is_wrong(app, site):
    admin = staff_client(app, site, "site_admin")
    page = post(admin, SCREEN, form(email="x@", languages=["vi", "fr"],
                                    deadline_question_own="20")).text
    assert "@example.gov.vn)" in page
    assert "vi, en" in page
    assert "40/2024/QĐ-UBND" in page  # the outer limit of an answer, with its basis


def test_deadlines_consultation_periods_and_the_question_form_follow_the_settings(app, site):
    admin = staff_client(app, site, "site_admin")
    saved = post(admin, SCREEN, form(
        deadline_legal_document="2", deadline_legal_document_unit="working_days",
        deadline_question_own="10", consultation_min_working_days="30",
        question_fields=["email"],
        privacy_notice="Sở Khoa học và Công nghệ xử lý dữ liệu cá nhân theo Nghị định "
                       "13/2023.\n\nLiên hệ Văn phòng Sở để thực hiện quyền của bạn."))
    assert saved.status_code == 302
    stored = settings_of(app, site)
    assert stored["deadline_overrides"] == {
        "legal_document": {"amount": 2, "unit": "working_days"},
        "question_own": {"amount": 10, "unit": "working_days"}}
    assert stored["consultation_min_working_days"] == 30
    assert "consultation_outcome_working_days" not in stored  # the office's default
    with app.app_context(), tenant_scope(site.id):
        rules = rules_for(site.id)
        assert rules["legal_document"].amount == 2 and rules["legal_document"].site_override
        assert rules["other"].amount == 10 and not rules["other"].site_override

    visitor = host_client(app, A_HOST)
    ask = visitor.get("/hoi-dap/gui-cau-hoi").text
    assert 'name="email"' in ask
    assert 'name="phone"' not in ask and 'name="attachment"' not in ask
    notice = visitor.get("/hoi-dap/du-lieu-ca-nhan").text
    assert "<p>Sở Khoa học và Công nghệ xử lý dữ liệu cá nhân theo Nghị định 13/2023.</p>" \
        in notice
    assert "<p>Liên hệ Văn phòng Sở để thực hiện quyền của bạn.</p>" in notice

    # The screen shows what was saved.
    page = admin.get(SCREEN).text
    assert re.search(r'<input[^>]*name="deadline_legal_document"[^>]*value="2"', page)
    assert "Liên hệ Văn phòng Sở" in page


def test_an_editor_may_not_change_the_settings(app, site):
    editor = staff_client(app, site, "editor")
    assert editor.get(SCREEN).status_code == 403
    assert post(editor, SCREEN, form()).status_code == 403
    assert "cai-dat" not in editor.get("/quan-tri/").text
    assert settings_of(app, site) == {}


def test_a_site_admin_cannot_change_another_sites_settings(app, two_sites, site):
    _site, other = two_sites
    create_user(app, "hai@langson.gov.vn", {site: "site_admin", other: "editor"})
    on_other = host_client(app, B_HOST)
    assert login(on_other, "hai@langson.gov.vn").status_code == 302
    assert on_other.get(SCREEN).status_code == 403
    assert post(on_other, SCREEN, form()).status_code == 403
    # The admin of this site alone is not even logged in on the other host.
    stranger = host_client(app, B_HOST)
    login(stranger, "site_admin@sokhcn.langson.gov.vn")
    assert stranger.get(SCREEN).status_code == 302
    assert settings_of(app, other) == {}


def test_the_province_office_edits_any_sites_settings(app, site):
    create_user(app, "vanphong@langson.gov.vn", hub_role="hub_admin")
    office = host_client(app, A_HOST)
    assert login(office, "vanphong@langson.gov.vn").status_code == 302
    assert 'href="/quan-tri/cai-dat"' in office.get("/quan-tri/").text
    assert post(office, SCREEN, form()).status_code == 302
    assert settings_of(app, site)["email"] == FACTS["email"]


def test_the_english_name_is_the_sites_name_on_its_english_host(app, province):
    seed_regulation(app)
    create_user(app, "quantri@langson.gov.vn", {province: "site_admin"})
    admin = host_client(app, "langson.localhost")
    assert login(admin, "quantri@langson.gov.vn").status_code == 302
    english = host_client(app, "english.langson.localhost")
    assert "Province of Lang Son" not in english.get("/").text
    assert post(admin, SCREEN, form(name_en="Province of Lang Son",
                                    privacy_notice="Thông báo riêng của tỉnh.")).status_code == 302
    assert "Province of Lang Son" in english.get("/").text
    # The site's own notice is Vietnamese: the English host keeps the standard one.
    assert "Thông báo riêng của tỉnh." in host_client(app, "langson.localhost").get(
        "/hoi-dap/du-lieu-ca-nhan").text
    standard = english.get("/hoi-dap/du-lieu-ca-nhan")
    assert standard.status_code == 200 and "Thông báo riêng" not in standard.text
    # The calendar of the province is the office's, not the site admin's.
    assert "ngay-lam-viec" not in admin.get("/quan-tri/").text
