"""Every public page type renders real published content of its own site only; drafts,
taken-down items and other sites' items never appear (Circular 22/2023, 003 Article 8)."""

from __future__ import annotations

import pytest

from tests.factories import statements_sent
from tests.public.conftest import A_HOST, B_HOST, client_for, publish, slug_of


def test_an_article_page_shows_author_source_and_a_vietnamese_date(app, sites):
    item_id = publish(app, sites["a"], "article")
    slug = slug_of(app, sites["a"], item_id)
    client = client_for(app, A_HOST)
    page = client.get(f"/tin-tuc/{slug}")
    assert page.status_code == 200
    html = page.text
    assert "Hội nghị khoa học năm 2026" in html
    assert "Trần Thị Mai" in html
    assert "Nguồn: Báo Lạng Sơn" in html or "Source: Báo Lạng Sơn" in html
    assert "Phạm Kiểm Duyệt" not in html  # the approver is not shown publicly
    # "Thứ Hai, 23/11/2026"-style dates in lists, "23/11/2026 14:05" on the page.
    assert "/2026" in html
    assert f'<link rel="canonical" href="http://{A_HOST}/tin-tuc/{slug}">' in html
    assert 'property="og:type" content="article"' in html
    listing = client.get("/tin-tuc").text
    assert f"/tin-tuc/{slug}" in listing
    assert "Thứ " in listing  # weekday written the Vietnamese way
    assert f"/tin-tuc/{slug}" in client.get("/").text


@pytest.mark.parametrize("content_type, path", [
    ("legal_document", "/van-ban"), ("procedure", "/thu-tuc"),
    ("disclosure", "/cong-khai"), ("schedule_entry", "/lich-cong-tac"),
    ("page", "/gioi-thieu"),
])
def test_every_type_has_a_detail_page_a_print_view_and_a_download(app, sites, content_type,
                                                                  path):
    item_id = publish(app, sites["a"], content_type)
    slug = slug_of(app, sites["a"], item_id)
    client = client_for(app, A_HOST)
    detail = client.get(f"{path}/{slug}")
    assert detail.status_code == 200, detail.text
    title = {"legal_document": "Quyết định ban hành", "procedure": "Cấp giấy phép",
             "disclosure": "Công khai dự toán", "schedule_entry": "Họp giao ban",
             "page": "Giới thiệu chung"}[content_type]
    assert title in detail.text
    listing = {"legal_document": "/van-ban-quy-pham-phap-luat",
               "schedule_entry": path + "?tuan=2026-W48"}.get(content_type, path)
    assert f"{path}/{slug}" in client.get(listing).text  # listed in its register
    printed = client.get(f"{path}/{slug}/in")
    assert printed.status_code == 200 and title in printed.text
    assert 'class="main-menu"' not in printed.text and "site-footer" not in printed.text
    saved = client.get(f"{path}/{slug}/tai-ve")
    assert saved.status_code == 200
    assert saved.headers["Content-Disposition"].startswith("attachment;")
    assert "<style>" in saved.text and title in saved.text


def test_registers_list_published_items_with_their_metadata(app, sites):
    publish(app, sites["a"], "legal_document")
    publish(app, sites["a"], "procedure")
    publish(app, sites["a"], "disclosure")
    client = client_for(app, A_HOST)
    documents = client.get("/van-ban-quy-pham-phap-luat?loai=quyet_dinh&nam=2024&hieu-luc=in_force"
                           "&co-quan=%E1%BB%A6y+ban+nh%C3%A2n+d%C3%A2n+t%E1%BB%89nh+L%E1%BA%A1ng+S%C6%A1n")
    assert documents.status_code == 200 and "40/2024/QĐ-UBND" in documents.text
    assert "40/2024/QĐ-UBND" not in client.get("/van-ban-quy-pham-phap-luat?nam=2023").text
    assert "40/2024/QĐ-UBND" not in client.get("/van-ban-quy-pham-phap-luat?loai=luat").text
    procedures = client.get("/thu-tuc?linh-vuc=Khoa+h%E1%BB%8Dc")
    assert procedures.status_code == 200 and "Cấp giấy phép" in procedures.text
    assert "Công khai dự toán" in client.get("/cong-khai?loai=budget&ky=2026").text


def test_the_week_schedule_moves_by_iso_week(app, sites):
    publish(app, sites["a"], "schedule_entry")
    client = client_for(app, A_HOST)
    week = client.get("/lich-cong-tac?tuan=2026-W48")
    assert week.status_code == 200
    assert "Họp giao ban" in week.text and "Thứ Hai, 23/11/2026" in week.text
    assert "tuan=2026-W47" in week.text and "tuan=2026-W49" in week.text
    assert "Họp giao ban" not in client.get("/lich-cong-tac?tuan=2026-W49").text


def test_drafts_taken_down_and_other_sites_items_never_appear(app, sites):
    draft = publish(app, sites["a"], "article", steps=(), title="Bản nháp bí mật")
    down = publish(app, sites["a"], "article", steps=("submit", "approve", "take_down"),
                   title="Bài bị gỡ xuống")
    other = publish(app, sites["b"], "article", title="Tin của xã Thống Nhất")
    client = client_for(app, A_HOST)
    for path in ("/", "/tin-tuc"):
        html = client.get(path).text
        assert "Bản nháp bí mật" not in html and "Bài bị gỡ xuống" not in html
        assert "Tin của xã Thống Nhất" not in html
    for site, item_id in ((sites["a"], draft), (sites["a"], down), (sites["b"], other)):
        slug = slug_of(app, site, item_id)
        assert client.get(f"/tin-tuc/{slug}").status_code == 404
        assert client.get(f"/tin-tuc/{slug}/in").status_code == 404
    assert "Tin của xã Thống Nhất" in client_for(app, B_HOST).get("/tin-tuc").text


def test_category_listing_paginates(app, sites):
    from hub.directory.operations import save_category
    from hub.extensions import db
    from tenants.context import tenant_scope
    with app.app_context(), tenant_scope(sites["a"].id):
        from hub.accounts.models import User
        user = db.session.query(User).filter_by(email="editor@sokhcn.langson.gov.vn").one()
        category_id = save_category(None, name="Hoạt động", by=user).id
        db.session.commit()
    for number in range(22):
        publish(app, sites["a"], "article", title=f"Tin hoạt động số {number}",
                category_id=category_id)
    client = client_for(app, A_HOST)
    first = client.get("/chuyen-muc/hoat-dong")
    assert first.status_code == 200 and "?page=2" in first.text
    second = client.get("/chuyen-muc/hoat-dong?page=2")
    assert second.status_code == 200 and second.text.count('class="item-date"') == 2
    assert client.get("/chuyen-muc/hoat-dong?page=3").status_code == 404


def test_the_news_list_reads_a_page_in_one_statement_and_counts_once_per_change(
        app, sites):
    """The news list counts its items once per content generation: rendered anew (a
    new query string misses the page cache) it sends one statement, and a publication
    moves its pages at once."""
    for number in range(20):
        publish(app, sites["a"], "article", title=f"Tin số {number}")
    client = client_for(app, A_HOST)
    assert "page=2" not in client.get("/tin-tuc?lan=1").text
    with statements_sent(app) as sent:
        assert client.get("/tin-tuc?lan=2").text.count('class="item-date"') == 20
    assert len([sql for sql in sent if "set_config" not in sql]) == 1  # PostgreSQL's RLS
    assert client.get("/tin-tuc?page=2").status_code == 404
    publish(app, sites["a"], "article", title="Tin thứ hai mươi mốt")
    assert "page=2" in client.get("/tin-tuc?lan=3").text
    second = client.get("/tin-tuc?page=2")
    assert second.status_code == 200 and second.text.count('class="item-date"') == 1


def test_leaders_contacts_and_organisation(app, sites):
    from hub.directory.models import Person
    from hub.extensions import db
    from tenants.context import tenant_scope
    with app.app_context(), tenant_scope(sites["a"].id):
        db.session.add(Person(name="Nguyễn Văn An", title="Giám đốc", is_leader=True,
                              biography="<p>Sinh năm 1970.</p>", phone="0205 111"))
        db.session.add(Person(name="Lê Thị Hoa", title="Chuyên viên", phone="0205 222"))
        db.session.commit()
    publish(app, sites["a"], "page", title="Cơ cấu tổ chức của Sở", kind="organisation",
            org_tree="Ban Giám đốc\n  Văn phòng Sở\n  Thanh tra Sở")
    client = client_for(app, A_HOST)
    leaders = client.get("/lanh-dao").text
    assert "Nguyễn Văn An" in leaders and "Sinh năm 1970." in leaders
    assert "Lê Thị Hoa" not in leaders
    contacts = client.get("/danh-ba").text
    assert "Lê Thị Hoa" in contacts and "0205 222" in contacts
    organisation = client.get("/co-cau-to-chuc").text
    assert "Văn phòng Sở" in organisation and "Thanh tra Sở" in organisation


def test_a_document_names_the_public_documents_it_replaces_and_amends(app, sites):
    site = sites["a"]
    old = publish(app, site, "legal_document", number="12/2020/QĐ-UBND",
                  title="Quy chế cũ")
    client = client_for(app, A_HOST)
    page = f"/van-ban/{slug_of(app, site, old)}"

    def statements(visit: str) -> int:
        """SQL sent for the page, rendered anew (a new query string is a cache miss)."""
        with statements_sent(app) as sent:
            assert client.get(f"{page}?lan={visit}").status_code == 200
        return len(sent)

    newer = publish(app, site, "legal_document", number="40/2024/QĐ-UBND",
                    title="Quy chế mới", replaces=[old])
    statements("warm-up")
    one_relation = statements("one")
    publish(app, site, "legal_document", number="41/2024/QĐ-UBND",
            title="Sửa đổi quy chế", amends=[old])
    publish(app, site, "legal_document", number="42/2024/QĐ-UBND",
            title="Dự thảo sửa đổi chưa ban hành", amends=[old], steps=())
    statements("warm-up again")  # the site's layout memo was dropped by the publications
    assert statements("three") == one_relation  # one query for every linked document
    html = client.get(page).get_data(as_text=True)
    assert "Được thay thế bởi" in html and "40/2024/QĐ-UBND" in html
    assert "Được sửa đổi, bổ sung bởi" in html and "41/2024/QĐ-UBND" in html
    assert "42/2024" not in html and "Dự thảo sửa đổi" not in html  # a draft
    html = client.get(f"/van-ban/{slug_of(app, site, newer)}").get_data(as_text=True)
    assert "Thay thế văn bản" in html and "12/2020/QĐ-UBND" in html


def test_an_article_lists_its_files_in_order_and_related_news_of_its_category(app, sites):
    from sqlalchemy import event

    from hub.directory.models import Category
    from hub.extensions import db
    from tenants.context import tenant_scope
    from tests.content.factories import make_attachment, png_bytes

    site, other = sites["a"], sites["b"]
    with app.app_context(), tenant_scope(site.id):
        news, events = Category(name="Tin tức", slug="tin-tuc"), Category(name="Sự kiện",
                                                                          slug="su-kien")
        db.session.add_all([news, events])
        db.session.commit()
        news_id, events_id = news.id, events.id
    plan = make_attachment(app, site, filename="Kế hoạch.pdf")
    report = make_attachment(app, site, filename="Báo cáo.pdf")
    photo = make_attachment(app, site, png_bytes(), filename="Ảnh.png", alt_text="Hội trường")
    item_id = publish(app, site, "article", category_id=news_id,
                      attachments=[(report, "file"), (photo, "image"), (plan, "file")])
    older = [publish(app, site, "article", title=f"Tin cùng chuyên mục {n}",
                     category_id=news_id) for n in range(6)]
    publish(app, site, "article", title="Tin chuyên mục khác", category_id=events_id)
    publish(app, site, "article", title="Bản nháp cùng chuyên mục", category_id=news_id,
            steps=())
    publish(app, other, "article", title="Tin của trang khác")
    client = client_for(app, A_HOST)
    path = f"/tin-tuc/{slug_of(app, site, item_id)}"

    with app.app_context():
        engine = db.engine
    sent: list[tuple[str, object]] = []
    listener = lambda *args: sent.append((args[2], args[3]))  # noqa: E731
    client.get(f"{path}?lan=warm-up")
    event.listen(engine, "before_cursor_execute", listener)
    try:
        html = client.get(path).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # The item with its files in one statement; the category's related list and the
    # site's categories were kept from the first visit (on PostgreSQL each transaction
    # also sets the tenant for row-level security).
    queries = [(sql, parameters) for sql, parameters in sent if "set_config" not in sql]
    assert len(queries) == 1, queries
    if app.config["PORTAL_TEST_BACKEND"] == "sqlite":
        # The files are found by site and item, not by walking every file of the site.
        with engine.connect() as connection:
            plan = " ".join(str(row) for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {queries[0][0]}", queries[0][1]))
        assert "ix_item_attachment_tenant_item" in plan, plan
    files = html.split('class="files"')[1].split("</section>")[0]
    assert files.index("Báo cáo.pdf") < files.index("Kế hoạch.pdf")  # the editor's order
    assert "Ảnh.png" not in files  # an image is shown, not listed as a file
    related = html.split('id="related"')[1].split("</section>")[0]
    shown = sorted((related.index(f"Tin cùng chuyên mục {n}"), n) for n in range(6)
                   if f"Tin cùng chuyên mục {n}" in related)
    assert [n for _position, n in shown] == [5, 4, 3, 2, 1]  # the newest five, newest first
    for absent in ("Hội nghị khoa học năm 2026", "Tin chuyên mục khác",
                   "Bản nháp cùng chuyên mục", "Tin của trang khác"):
        assert absent not in related
    assert all(f'href="/tin-tuc/{slug_of(app, site, i)}"' in related for i in older[1:])

    # Another article of the category lists the others, not itself, from the same kept
    # list; a newer article published later is listed at once.
    newest = publish(app, site, "article", title="Tin mới nhất cùng chuyên mục",
                     category_id=news_id)
    html = client.get(f"/tin-tuc/{slug_of(app, site, older[5])}").get_data(as_text=True)
    related = html.split('id="related"')[1].split("</section>")[0]
    assert "Tin mới nhất cùng chuyên mục" in related
    assert f'href="/tin-tuc/{slug_of(app, site, older[5])}"' not in related
    assert f'href="/tin-tuc/{slug_of(app, site, newest)}"' in related
    assert all(f'href="/tin-tuc/{slug_of(app, site, i)}"' in related for i in older[1:5])
