"""What each role may do in the staff area, over HTTP, as the permission table says
(002 Article 17.2: administration, approval, updating; 003 Article 13.2.d: contributors).

Each row is a screen or an action; the table gives the answer for every role: 200 a
page, 302 done (and sent on), 403 refused on the server, whatever the page showed.
"""

from __future__ import annotations

import pytest

from hub.workflow.states import ContentStatus
from tests.admin.helpers import (
    email_of,
    make_item,
    make_staff,
    post,
    staff_client,
    status_of,
)
from tests.factories import host_client

ARTICLE = {"title": "Hội nghị triển khai nhiệm vụ năm 2027", "kind": "news",
           "body": "<p>Nội dung hội nghị</p>"}

# action: (site_admin, approver, editor, contributor, translator)
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "open the dashboard":                 (200, 200, 200, 200, 200),
    "open the content list":              (200, 200, 200, 200, 403),
    "open the form for a new article":    (200, 200, 200, 200, 403),
    "create an article":                  (302, 302, 302, 302, 403),
    "open another author's draft":        (200, 200, 200, 403, 403),
    "open the edit form of it":           (200, 200, 200, 403, 403),
    "list its revisions":                 (200, 200, 200, 403, 403),
    "restore its first revision":         (302, 302, 302, 403, 403),
    "submit another author's draft":      (302, 302, 302, 403, 403),
    "edit a contributor's own draft":     (200, 200, 200, 200, 403),
    "approve a submitted item":           (302, 302, 403, 403, 403),
    "return a submitted item":            (302, 302, 403, 403, 403),
    "take down a published item":         (302, 302, 403, 403, 403),
    "open the procedure import":          (200, 200, 200, 403, 403),
}
ROLE_COLUMNS = ("site_admin", "approver", "editor", "contributor", "translator")


@pytest.mark.parametrize("role", ROLE_COLUMNS)
def test_each_role_sees_and_does_what_the_table_allows(app, two_sites, role):
    site, _other = two_sites
    make_staff(app, site)
    editor, approver = email_of("editor", site), email_of("approver", site)
    draft = make_item(app, site, editor, title="Bản nháp của biên tập viên")
    post_draft = make_item(app, site, editor, title="Bản nháp chờ gửi")
    submitted = [make_item(app, site, editor, steps=("submit",), title=f"Chờ duyệt {n}")
                 for n in (1, 2)]
    published = make_item(app, site, editor, steps=("submit", "approve"),
                          approver_email=approver, title="Tin đã đăng")
    own = make_item(app, site, email_of("contributor", site), title="Bài cộng tác viên")
    client = staff_client(app, site, role)
    edit_page = client.get(f"/quan-tri/noi-dung/{draft}/sua")
    if edit_page.status_code == 200:  # a second revision, to have one to restore
        post(client, f"/quan-tri/noi-dung/{draft}/sua",
             {"title": "Bản nháp đã sửa", "revision": "1", "body": "<p>Mới</p>"})

    def step(item_id: int, action: str, comment: str = "") -> int:
        return post(client, f"/quan-tri/noi-dung/{item_id}/chuyen-trang-thai",
                    {"action": action, "comment": comment}).status_code

    answers = {
        "open the dashboard": client.get("/quan-tri/").status_code,
        "open the content list": client.get("/quan-tri/noi-dung").status_code,
        "open the form for a new article": client.get("/quan-tri/noi-dung/moi/tin-bai")
        .status_code,
        "create an article": post(client, "/quan-tri/noi-dung/moi/tin-bai", ARTICLE)
        .status_code,
        "open another author's draft": client.get(f"/quan-tri/noi-dung/{draft}").status_code,
        "open the edit form of it": edit_page.status_code,
        "list its revisions": client.get(f"/quan-tri/noi-dung/{draft}/phien-ban")
        .status_code,
        "restore its first revision": post(
            client, f"/quan-tri/noi-dung/{draft}/phien-ban/1/khoi-phuc",
            {"revision": "2"}).status_code,
        "submit another author's draft": step(post_draft, "submit"),
        "edit a contributor's own draft": client.get(f"/quan-tri/noi-dung/{own}/sua")
        .status_code,
        "approve a submitted item": step(submitted[0], "approve"),
        "return a submitted item": step(submitted[1], "return", "Bổ sung nguồn tin"),
        "take down a published item": step(published, "take_down",
                                           "Thông tin sai sự thật (Điều 8.2.b)"),
        "open the procedure import": client.get("/quan-tri/thu-tuc/nhap").status_code,
    }
    column = ROLE_COLUMNS.index(role)
    assert answers == {action: row[column] for action, row in EXPECTED.items()}

    # A refusal changed nothing; an action done changed the item.
    allowed = EXPECTED["approve a submitted item"][column] == 302
    assert status_of(app, site, submitted[0]) == (
        ContentStatus.PUBLISHED if allowed else ContentStatus.SUBMITTED)
    assert status_of(app, site, published) == (
        ContentStatus.TAKEN_DOWN if allowed else ContentStatus.PUBLISHED)


@pytest.mark.parametrize("path", ["/quan-tri/", "/quan-tri/noi-dung",
                                  "/quan-tri/noi-dung/moi/van-ban", "/quan-tri/thu-tuc/nhap"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(app, two_sites, path):
    response = host_client(app, "sokhcn.langson.localhost").get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/dang-nhap?next=")


def test_the_menu_of_the_staff_area_links_the_content_screens(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    html = staff_client(app, site, "editor").get("/quan-tri/").text
    assert 'href="/quan-tri/noi-dung"' in html
    assert 'href="/quan-tri/noi-dung/moi"' in html
