"""Every content type the sites must carry (003 Article 5.1) has its form: news and
events, pages, legal documents, procedures, the leaders' work schedule, disclosures.
What is typed comes back on the item's page and in its edit form."""

from __future__ import annotations

import re

import pytest

from tests.admin.helpers import make_staff, post, staff_client

# type slug -> (form data, texts the item's page shows)
EXAMPLES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "tin-bai": ({"title": "Khai mạc Lễ hội Đền Kỳ Cùng", "kind": "event",
                 "event_starts_at": "2026-02-22T08:00", "event_place": "Đền Kỳ Cùng",
                 "body": "<p>Sáng 22/2, UBND thành phố khai mạc lễ hội.</p>"},
                ("Đền Kỳ Cùng", "08:00 22/02/2026", "Sáng 22/2")),
    "trang": ({"title": "Lịch sử hình thành", "kind": "history", "position": "2",
               "org_tree": "Ban Giám đốc\n  Văn phòng\n  Phòng Kế hoạch"},
              ("Lịch sử hình thành", "Phòng Kế hoạch")),
    "van-ban": ({"title": "Chỉ thị về tăng cường chuyển đổi số", "number": "05/CT-UBND",
                 "document_type": "chi_thi", "issuer": "UBND tỉnh Lạng Sơn",
                 "issued_on": "2025-03-10", "effective_on": "2025-03-10",
                 "expires_on": "2030-12-31", "validity": "in_force",
                 "field": "Thông tin và truyền thông", "gazette_number": "Số 15/2025"},
                ("05/CT-UBND", "10/03/2025", "31/12/2030", "Số 15/2025")),
    "thu-tuc": ({"title": "Đăng ký khai sinh", "code": "1.004227", "field": "Hộ tịch",
                 "agency": "UBND cấp xã", "service_level": "Toàn trình",
                 "steps": "<ol><li>Nộp tờ khai</li></ol>", "fees": "Miễn lệ phí",
                 "national_portal_url": "https://dichvucong.gov.vn/",
                 "effective_on": "2026-01-01"},
                ("1.004227", "Nộp tờ khai", "https://dichvucong.gov.vn/")),
    "lich-cong-tac": ({"title": "Họp giao ban tuần", "leader": "Chủ tịch UBND xã",
                       "day": "2026-12-07", "starts_at": "07:30",
                       "place": "Hội trường UBND xã", "participants": "Các công chức",
                       "host_unit": "Văn phòng HĐND - UBND"},
                      ("Chủ tịch UBND xã", "07/12/2026", "07:30", "Hội trường UBND xã")),
    "cong-khai": ({"title": "Công khai dự toán ngân sách năm 2027", "kind": "budget",
                   "period": "Năm 2027", "period_start": "2027-01-01",
                   "period_end": "2027-12-31"},
                  ("Năm 2027", "31/12/2027")),
}


@pytest.mark.parametrize("type_slug", sorted(EXAMPLES))
def test_every_type_is_created_shown_and_edited_through_its_form(app, two_sites,
                                                                 type_slug):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    data, shown = EXAMPLES[type_slug]
    assert editor.get(f"/quan-tri/noi-dung/moi/{type_slug}").status_code == 200
    response = post(editor, f"/quan-tri/noi-dung/moi/{type_slug}", data)
    assert response.status_code == 302, response.text
    item_id = int(re.search(r"/(\d+)$", response.headers["Location"])[1])

    page = editor.get(f"/quan-tri/noi-dung/{item_id}").text
    for text in shown:
        assert text in page, text
    form = editor.get(f"/quan-tri/noi-dung/{item_id}/sua").text
    assert 'name="revision" value="1"' in form
    for name, value in data.items():
        if name not in ("body", "steps", "org_tree", "participants", "kind",
                        "document_type", "validity"):
            assert f'value="{value}"' in form, name

    saved = post(editor, f"/quan-tri/noi-dung/{item_id}/sua",
                 {**data, "title": data["title"] + " (sửa)", "revision": "1"})
    assert saved.status_code == 302, saved.text
    assert "(sửa)" in editor.get(f"/quan-tri/noi-dung/{item_id}").text


def test_the_new_item_screen_offers_every_type(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    html = staff_client(app, site, "editor").get("/quan-tri/noi-dung/moi").text
    for type_slug in EXAMPLES:
        assert f'href="/quan-tri/noi-dung/moi/{type_slug}"' in html


def test_the_body_works_without_javascript_and_loads_the_editor(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    html = staff_client(app, site, "editor").get("/quan-tri/noi-dung/moi/tin-bai").text
    assert re.search(r'<textarea[^>]*data-editor="rich"[^>]*name="body"', html)
    assert '<label for="body">' in html
    assert 'src="/static/editor.js"' in html and 'data-upload-url="/quan-tri/tep"' in html
