"""Anyone may report a problem with a published page (003 Article 8.2, 000 Article 5.2):
the link is on every item's page, the form works like the question form (token,
proof-of-work, honeypot, limits), bad input gets a clear message and the right status,
and nothing of a report is ever public."""

from __future__ import annotations

import unicodedata

import pytest
from flask import Flask
from sqlalchemy import func, select

from hub.audit.models import AuditEntry
from hub.content.addresses import item_path
from hub.content.models import ContentItem, ContentType
from hub.extensions import db
from hub.problems.models import ProblemReason, ProblemReport, ProblemState
from tenants.context import unscoped
from tenants.models import Tenant
from tests.api.content import published_on
from tests.factories import host_client
from tests.problems.helpers import COMMUNE, PROVINCE, World, post_report, vi


def reports(app: Flask) -> list[ProblemReport]:
    with app.app_context(), unscoped():
        rows = list(db.session.scalars(select(ProblemReport).order_by(ProblemReport.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_every_item_page_links_to_the_report_form_in_plain_markup(app: Flask,
                                                                   world: World) -> None:
    _item_id, path = world.items["province"]
    page = host_client(app, PROVINCE).get(path)
    assert page.status_code == 200
    assert f'href="{path}/bao-loi"' in page.text
    form = host_client(app, PROVINCE).get(f"{path}/bao-loi")
    assert form.status_code == 200
    assert form.headers["Cache-Control"] == "no-store"
    assert 'name="altcha"' in form.text and "/static/proof.js" in form.text
    assert 'name="website"' in form.text
    assert vi(app, "Report a problem with this page") in form.text


def test_a_report_goes_to_the_sites_queue_with_its_item(app: Flask, world: World) -> None:
    item_id, path = world.items["commune"]
    client = host_client(app, COMMUNE)
    decomposed = unicodedata.normalize("NFD", "Ngày tổ chức ghi sai.")
    response = post_report(client, path, body=decomposed, reason="harmful")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/bao-loi/da-gui")
    thanks = client.get("/bao-loi/da-gui")
    assert thanks.status_code == 200 and f'href="{path}"' in thanks.text
    [report] = reports(app)
    assert report.tenant_id == world.commune.id and report.item_id == item_id
    assert report.reason is ProblemReason.HARMFUL and report.state is ProblemState.OPEN
    assert report.body == unicodedata.normalize("NFC", decomposed)
    assert report.email == "lan.pham@example.vn" and report.consent_at is not None
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "problems.received")) == 1


def test_the_email_is_optional(app: Flask, world: World) -> None:
    _item_id, path = world.items["province"]
    response = post_report(host_client(app, PROVINCE), path, email="", consent=None)
    assert response.status_code == 303
    assert reports(app)[0].email == ""


def test_bad_input_is_refused_with_a_message_on_its_field(app: Flask, world: World) -> None:
    app.config["PROBLEM_RATE_PER_CLIENT"] = 20  # every refused post counts too
    _item_id, path = world.items["province"]
    client = host_client(app, PROVINCE)
    choose = vi(app, "Please choose what is wrong with the page.")
    cases = [
        ({"reason": None}, "reason", choose),
        ({"reason": "spam"}, "reason", choose),
        ({"body": "   "}, "body", vi(app, "Please describe the problem.")),
        ({"body": "x" * 2001}, "body", vi(
            app, "The description may have at most %(max)s characters; it has "
            "%(count)s.", max=2000, count=2001)),
        ({"email": "not-an-address"}, "email", vi(
            app, "This is not an email address. Leave it empty if you do not want a "
            "reply.")),
        ({"consent": None}, "consent", vi(
            app, "Please agree to the use of your email for the reply, or leave the "
            "email empty.")),
    ]
    for values, field, message in cases:
        response = post_report(client, path, **values)
        assert response.status_code == 400, values
        assert f'id="{field}-error"' in response.text, values
        assert message in response.text, (values, response.text)
    assert reports(app) == []


def test_a_missing_or_replayed_proof_is_refused(app: Flask, world: World) -> None:
    _item_id, path = world.items["province"]
    client = host_client(app, PROVINCE)
    assert post_report(client, path, proof=None).status_code == 400
    assert post_report(client, path, proof="garbled").status_code == 400
    from tests.problems.helpers import proof_for
    solved = proof_for(client)
    assert post_report(client, path, proof=solved).status_code == 303
    assert post_report(client, path, proof=solved).status_code == 400
    assert len(reports(app)) == 1


def test_a_filled_honeypot_is_refused(app: Flask, world: World) -> None:
    _item_id, path = world.items["province"]
    response = post_report(host_client(app, PROVINCE), path, website="http://spam")
    assert response.status_code == 400
    assert reports(app) == []


def test_too_many_reports_from_one_client(app: Flask, world: World) -> None:
    app.config["PROBLEM_RATE_PER_CLIENT"] = 2
    _item_id, path = world.items["province"]
    client = host_client(app, PROVINCE)
    assert post_report(client, path).status_code == 303
    assert post_report(client, path).status_code == 303
    refused = post_report(client, path)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "600"
    assert "Ngày tổ chức hội nghị ghi sai" in refused.text  # what was typed is kept
    assert len(reports(app)) == 2


def test_only_published_items_of_this_site_can_be_reported(app: Flask, world: World) -> None:
    _item_id, commune_path = world.items["commune"]
    client = host_client(app, PROVINCE)
    assert client.get(f"{commune_path}/bao-loi").status_code == 404  # another site's
    assert client.get("/tin-tuc/khong-co-bai-nay/bao-loi").status_code == 404
    assert client.get("/khong-phai-muc/bai/bao-loi").status_code == 404
    response = client.post("/tin-tuc/khong-co-bai-nay/bao-loi", data={"body": "x"})
    assert response.status_code in (400, 404)  # no token (400) or no item (404)


def test_nothing_of_a_report_is_ever_on_a_public_page(app: Flask, world: World) -> None:
    _item_id, path = world.items["province"]
    client = host_client(app, PROVINCE)
    assert post_report(client, path, body="Số điện thoại của tôi 0912 345 678.").status_code == 303
    visitor = host_client(app, PROVINCE)
    for page in (path, f"{path}/bao-loi", "/", "/tin-tuc", "/bao-loi/da-gui"):
        text = visitor.get(page).text
        assert "lan.pham@example.vn" not in text, page
        assert "0912 345 678" not in text, page


def test_an_english_host_shows_the_form_in_english(app: Flask, world: World) -> None:
    from tests.problems.helpers import publish_article
    with app.app_context():
        item_id, path = publish_article(app, world.province, world.users["province_approver"],
                                        locale="en", title="Provincial conference 2027",
                                        summary="A conference.", body="<p>Text.</p>")
    page = host_client(app, "english.langson.localhost").get(path)
    assert page.status_code == 200, page.text
    assert f'href="{path}/bao-loi"' in page.text
    form = host_client(app, "english.langson.localhost").get(f"{path}/bao-loi")
    assert form.status_code == 200
    assert "Report a problem with this page" in form.text
    for vietnamese in ("Báo lỗi", "Thông tin sai", "Gửi báo lỗi"):
        assert vietnamese not in form.text


@pytest.mark.parametrize("content_type", list(ContentType))
def test_the_link_is_on_the_page_of_every_content_type(app: Flask, province: Tenant,
                                                       content_type: ContentType) -> None:
    item_id = published_on(content_type)(app, province)
    with app.app_context(), unscoped():
        path = item_path(db.session.get(ContentItem, item_id))
    client = host_client(app, PROVINCE)
    page = client.get(path)
    assert page.status_code == 200, path
    assert f'href="{path}/bao-loi"' in page.text
    assert client.get(f"{path}/bao-loi").status_code == 200
