"""For every route that takes an id, another site's id gives 404.

``FOREIGN_OBJECTS`` says, per endpoint, how to make an object on site B whose id is then
requested on site A's host by a user who may do everything on A. A new route with an id
that is missing from the table fails ``test_every_route_with_an_id_is_covered``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter, UUIDConverter

from hub.accounts.models import Membership, User
from hub.content.models import ContentType
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.admin.helpers import foreign_item
from tests.api.content import published_on
from tests.content.factories import (
    make_category,
    make_menu_item,
    make_person,
    public_attachment_of,
)
from tests.factories import create_user, host_client, login
from tests.problems.helpers import report_of
from tests.questions.helpers import published_question_of
from tests.ratings.helpers import rating_on
from tests.translation.helpers import foreign_request


def _membership_of(app: Flask, site: Tenant) -> int:
    create_user(app, f"member-{site.id}@example.gov.vn", roles={site: "editor"})
    with app.app_context(), unscoped():
        return db.session.scalar(
            select(Membership.id).join(User)
            .where(User.email == f"member-{site.id}@example.gov.vn"))


def _site_itself(app: Flask, site: Tenant) -> int:
    return site.id


def _approver_of(app: Flask, site: Tenant) -> int:
    create_user(app, f"approver-{site.id}@example.gov.vn", roles={site: "approver"})
    with app.app_context(), unscoped():
        return db.session.scalar(select(User.id).where(
            User.email == f"approver-{site.id}@example.gov.vn"))


def _periodic_report(app: Flask, site: Tenant) -> int:
    # The hub's own row (no site): found on the province's host only.
    from datetime import date

    from hub.console.models import PeriodicReport
    with app.app_context():
        report = PeriodicReport(kind="units_year", period_kind="year",
                                period_first=date(2026, 1, 1), period_last=date(2026, 12, 31),
                                period_label="2026", units=[], unit_count=0, xlsx=b"x",
                                pdf=b"x", xlsx_sha256="0" * 64, pdf_sha256="0" * 64)
        db.session.add(report)
        db.session.commit()
        return report.id


# endpoint -> (HTTP method, factory of an object on another site returning its id)
FOREIGN_OBJECTS: dict[str, tuple[str, Callable[[Flask, Tenant], int]]] = {
    "accounts.remove_member": ("POST", _membership_of),
    "files.download": ("GET", public_attachment_of),
    "images.rendition": ("GET", public_attachment_of),
    "directory.edit_category": ("GET", make_category),
    "directory.delete_category": ("POST", make_category),
    "directory.edit_menu_item": ("GET", make_menu_item),
    "directory.delete_menu_item": ("POST", make_menu_item),
    "directory.edit_person": ("GET", make_person),
    "directory.delete_person": ("POST", make_person),
    "content.item": ("GET", foreign_item),
    "content.edit_item": ("GET", foreign_item),
    "content.change_status": ("POST", foreign_item),
    "content.revisions": ("GET", foreign_item),
    "content.compare_revisions": ("GET", foreign_item),
    "content.restore_revision": ("POST", foreign_item),
    "content.attach_file": ("POST", foreign_item),
    "content.detach_file": ("POST", foreign_item),
    "api.articles_item": ("GET", published_on(ContentType.ARTICLE)),
    "api.pages_item": ("GET", published_on(ContentType.PAGE)),
    "api.legal_documents_item": ("GET", published_on(ContentType.LEGAL_DOCUMENT)),
    "api.procedures_item": ("GET", published_on(ContentType.PROCEDURE)),
    "api.schedule_item": ("GET", published_on(ContentType.SCHEDULE_ENTRY)),
    "api.disclosures_item": ("GET", published_on(ContentType.DISCLOSURE)),
    "translation.show": ("GET", foreign_request),
    "translation.save": ("POST", foreign_request),
    "translation.step": ("POST", foreign_request),
    "translation.suggest": ("POST", foreign_request),
    "translation.export_xliff": ("GET", foreign_request),
    "translation.import_xliff": ("POST", foreign_request),
    "translation.ask": ("POST", foreign_item),
    "api.category": ("GET", make_category),
    "api.person": ("GET", make_person),
    "questions.show": ("GET", published_question_of),
    "api.question": ("GET", published_question_of),
    "question_admin.show": ("GET", published_question_of),
    "question_admin.step": ("POST", published_question_of),
    "rating_admin.moderate": ("POST", rating_on),
    "problem_admin.show": ("GET", report_of),
    "problem_admin.close": ("POST", report_of),
    "problem_admin.take_down": ("POST", report_of),
    "api.consultations_item": ("GET", published_on(ContentType.CONSULTATION)),
    "consultation_admin.show": ("GET", published_on(ContentType.CONSULTATION)),
    "consultation_admin.moderate": ("POST", published_on(ContentType.CONSULTATION)),
    "consultation_admin.respond": ("POST", published_on(ContentType.CONSULTATION)),
    "consultation_admin.publish_outcome": ("POST",
                                           published_on(ContentType.CONSULTATION)),
    # The province office's console: on any other host than the province's, none.
    "console.site": ("GET", _site_itself),
    "console_reports.remind": ("POST", _site_itself),
    "console_reports.download_xlsx": ("GET", _periodic_report),
    "console_reports.download_pdf": ("GET", _periodic_report),
    "accounts.office_account_action": ("POST", _approver_of),
    "accounts.office_revoke_membership": ("POST", _membership_of),
    **{f"sites.{name}": ("POST", _site_itself)
       for name in ("rename", "domain", "move", "merge", "archive", "announce",
                    "suspend_now", "cancel", "resume")},
    "sites.site": ("GET", _site_itself),
    "sites.suspend": ("GET", _site_itself),
    # An approver of site B is nobody on site A.
    "admin.save_approver_scope": ("POST", _approver_of),
}


def _id_arguments(rule: Any) -> list[str]:
    return [name for name, converter in rule._converters.items()  # noqa: SLF001
            if isinstance(converter, (IntegerConverter, UUIDConverter))]


def test_every_route_with_an_id_is_covered(app):
    with_ids = {rule.endpoint for rule in app.url_map.iter_rules() if _id_arguments(rule)}
    assert with_ids - set(FOREIGN_OBJECTS) == set(), "add the new routes to FOREIGN_OBJECTS"


def _any_value(rule: Any, name: str) -> str:
    """A value the argument's converter accepts: the first choice of an ``any``."""
    converter = rule._converters.get(name)  # noqa: SLF001
    return sorted(converter.items)[0] if isinstance(converter, AnyConverter) else "x"


@pytest.mark.parametrize("endpoint", sorted(FOREIGN_OBJECTS))
def test_another_sites_id_gives_404(app, two_sites, endpoint):
    site_a, site_b = two_sites
    method, make_foreign = FOREIGN_OBJECTS[endpoint]
    foreign_id = make_foreign(app, site_b)
    create_user(app, "admin-a@sokhcn.gov.vn", roles={site_a: "site_admin"})
    client = host_client(app, "sokhcn.langson.localhost")
    assert login(client, "admin-a@sokhcn.gov.vn").status_code == 302

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context(base_url="http://sokhcn.langson.localhost/"):
        url = rule.build({name: foreign_id for name in _id_arguments(rule)}
                         | {name: _any_value(rule, name) for name in rule.arguments
                            if name not in _id_arguments(rule)})[1]
    form_page = client.get("/quan-tri/thanh-vien")
    from tests.factories import csrf_from
    response = client.open(url, method=method, data={"csrf_token": csrf_from(form_page.text)})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
