"""The words of attached files are found: a file attached to an item is read in the
background (the ``attachment_text`` job), its text indexed with the item and ranked
below the items' own text, the hit naming the file; a file replaced is read again; the
files search cannot read are listed for the site's editors, with the reason."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask import Flask
from sqlalchemy import select

from bench.files import encrypted_pdf, pdf_of_an_image, pdf_of_many_pages, pdf_with_text
from hub.core.jobs import JOBS
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.storage import get_storage, key_for
from search.backends.base import SearchBackend
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.admin.helpers import acting, email_of, make_item, make_staff, post, staff_client
from tests.factories import host_client
from tests.search.conftest import drain_all

HOST = "sokhcn.langson.localhost"


@pytest.fixture
def site(app: Flask, two_sites: tuple[Tenant, Tenant]) -> Tenant:
    make_staff(app, two_sites[0], ("site_admin", "editor", "contributor"))
    make_staff(app, two_sites[1], ("editor",))
    return two_sites[0]


def attach(app: Flask, site: Tenant, item_id: int, data: bytes, name: str) -> None:
    response = post(staff_client(app, site, "editor"),
                    f"/quan-tri/noi-dung/{item_id}/tep-dinh-kem",
                    {"file": (io.BytesIO(data), name), "role": "file", "alt_text": ""},
                    content_type="multipart/form-data")
    assert response.status_code == 302, response.text


def detach(app: Flask, site: Tenant, item_id: int, name: str) -> None:
    with app.app_context(), tenant_scope(site.id):
        attachment_id = db.session.scalar(select(Attachment.id).where(
            Attachment.filename == name))
    response = post(staff_client(app, site, "editor"),
                    f"/quan-tri/noi-dung/{item_id}/tep-dinh-kem/{attachment_id}/go")
    assert response.status_code == 302


def publish(app: Flask, site: Tenant, item_id: int) -> None:
    from hub.content import operations
    from hub.content.models import ContentItem
    for step, role in (("submit", "editor"), ("approve", "site_admin")):
        with acting(app, site, email_of(role, site)) as user:
            operations.transition(db.session.get(ContentItem, item_id), step, user)


def run_file_job(app: Flask) -> int:
    """One pass of the job that reads attached files, as the worker runs it."""
    with app.app_context():
        done = JOBS["attachment_text"]()
        db.session.commit()
        db.session.remove()
    return done


def status_of(app: Flask, site: Tenant, name: str) -> tuple[str | None, str | None]:
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        attachment = db.session.scalar(select(Attachment).where(Attachment.filename == name))
        return attachment.extraction_status, attachment.extracted_text


def search(app: Flask, words: str) -> list[dict]:
    response = host_client(app, HOST).get(f"/api/v1/search?q={words}")
    assert response.status_code == 200
    return response.get_json()["results"]


def test_a_word_only_in_an_attached_pdf_is_found_below_an_item_titled_with_it(
        app: Flask, site: Tenant, search_backend: SearchBackend) -> None:
    editor = email_of("editor", site)
    titled = make_item(app, site, editor, title="Khai thác zeolit trên địa bàn tỉnh",
                       body="<p>Thông báo của Sở.</p>")
    publish(app, site, titled)
    decision = make_item(app, site, editor, title="Quyết định về quy hoạch khoáng sản",
                         body="<p>Ban hành kèm theo quyết định.</p>")
    attach(app, site, decision, pdf_with_text("Danh muc cac mo zeolit va bentonit"),
           "danh-muc-mo.pdf")
    publish(app, site, decision)
    drain_all(app, search_backend)
    # Nothing is read in the request: until the job runs, the file's words are unknown.
    assert status_of(app, site, "danh-muc-mo.pdf") == (None, None)
    assert [hit["title"] for hit in search(app, "bentonit")] == []

    assert run_file_job(app) == 1
    assert status_of(app, site, "danh-muc-mo.pdf") == (
        "ok", "Danh muc cac mo zeolit va bentonit")
    drain_all(app, search_backend)

    hits = search(app, "zeolit")
    assert [hit["title"] for hit in hits] == ["Khai thác zeolit trên địa bàn tỉnh",
                                              "Quyết định về quy hoạch khoáng sản"]
    assert hits[0]["file"] is None
    assert hits[1]["file"] == "danh-muc-mo.pdf"
    assert "<mark>zeolit</mark>" in hits[1]["snippet"]
    page = host_client(app, HOST).get("/tim-kiem?q=bentonit").text
    assert 'class="search-file"' in page and "danh-muc-mo.pdf" in page
    assert "<mark>bentonit</mark>" in page
    assert run_file_job(app) == 0  # read once: the next pass has nothing to do


def test_a_replaced_file_is_read_again(app: Flask, site: Tenant,
                                       search_backend: SearchBackend) -> None:
    item_id = make_item(app, site, email_of("editor", site), title="Kế hoạch năm")
    attach(app, site, item_id, pdf_with_text("phien ban cu amiang"), "ke-hoach.pdf")
    publish(app, site, item_id)
    run_file_job(app)
    drain_all(app, search_backend)
    assert [hit["file"] for hit in search(app, "amiang")] == ["ke-hoach.pdf"]

    # The file is replaced by its new version: the old words go, the new ones come.
    detach(app, site, item_id, "ke-hoach.pdf")
    attach(app, site, item_id, pdf_with_text("phien ban moi graphit"), "ke-hoach-moi.pdf")
    run_file_job(app)
    drain_all(app, search_backend)
    assert search(app, "amiang") == []
    assert [hit["file"] for hit in search(app, "graphit")] == ["ke-hoach-moi.pdf"]

    # The same row's bytes changing (another sha256) is noticed as well.
    data = pdf_with_text("phien ban sua fenspat")
    digest = hashlib.sha256(data).hexdigest()
    with app.app_context(), tenant_scope(site.id):
        attachment = db.session.scalar(select(Attachment).where(
            Attachment.filename == "ke-hoach-moi.pdf"))
        get_storage().put(key_for(site.id, f"{digest[:2]}/{digest}"), data)
        attachment.sha256, attachment.storage_key = digest, f"{digest[:2]}/{digest}"
        attachment.size = len(data)
        db.session.commit()
    assert run_file_job(app) == 1
    drain_all(app, search_backend)
    assert [hit["file"] for hit in search(app, "fenspat")] == ["ke-hoach-moi.pdf"]
    assert search(app, "graphit") == []


def test_files_search_cannot_read_are_listed_for_the_sites_editors(
        app: Flask, site: Tenant, two_sites: tuple[Tenant, Tenant]) -> None:
    item_id = make_item(app, site, email_of("editor", site), title="Hồ sơ quét")
    attach(app, site, item_id, pdf_of_many_pages(3_000), "rat-dai.pdf")
    app.config["EXTRACT_TIMEOUT"] = 0.2  # the reading is killed after 200 ms
    assert run_file_job(app) == 1
    assert status_of(app, site, "rat-dai.pdf") == ("timeout", None)
    app.config["EXTRACT_TIMEOUT"] = 30
    attach(app, site, item_id, pdf_of_an_image(), "ban-quet.pdf")
    attach(app, site, item_id, encrypted_pdf("bi mat"), "co-mat-khau.pdf")
    assert run_file_job(app) == 2

    page = staff_client(app, site, "editor").get("/quan-tri/tep-khong-doc-duoc")
    assert page.status_code == 200
    html = page.text
    for name, reason in (("ban-quet.pdf", "no_text"), ("co-mat-khau.pdf", "encrypted"),
                         ("rat-dai.pdf", "timeout")):
        assert name in html
        assert f'data-reason="{reason}"' in html
    assert "Hồ sơ quét" in html  # the item each file is attached to
    # Another site's editors see their own site's files only; contributors see none.
    other = staff_client(app, two_sites[1], "editor", host="xathongnhat.langson.localhost")
    other_page = other.get("/quan-tri/tep-khong-doc-duoc")
    assert other_page.status_code == 200 and "ban-quet.pdf" not in other_page.text
    assert staff_client(app, site, "contributor").get(
        "/quan-tri/tep-khong-doc-duoc").status_code == 403


def test_the_command_reads_files_never_read_or_all_again(
        app: Flask, site: Tenant, search_backend: SearchBackend) -> None:
    item_id = make_item(app, site, email_of("editor", site), title="Báo cáo quý")
    attach(app, site, item_id, pdf_with_text("so lieu thach anh"), "bao-cao.pdf")
    publish(app, site, item_id)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["search", "extract", "--missing"])
    assert result.exit_code == 0, result.output
    assert "bao-cao.pdf: ok" in result.output
    assert "1 of 1 files read" in result.output
    search_backend.refresh()
    assert [hit["file"] for hit in search(app, "thach anh")] == ["bao-cao.pdf"]
    assert "0 of 0 files read" in runner.invoke(args=["search", "extract"]).output
    assert "1 of 1 files read" in runner.invoke(args=["search", "extract", "--all"]).output
    assert runner.invoke(args=["search", "extract", "--all", "--missing"]).exit_code == 2
