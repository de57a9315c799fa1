"""Bad input gets a 400 or 404 page in Vietnamese, never a 500: unknown slugs,
non-numeric ids, page=-1 or page=99999999, malformed weeks, unknown filter values,
overlong query strings."""

from __future__ import annotations

from tests.public.conftest import A_HOST, client_for, publish

CASES = [
    ("/tin-tuc/khong-co-bai-nay", 404),
    ("/tin-tuc/" + "a" * 300, 404),
    ("/van-ban/khong-co", 404),
    ("/thu-tuc/khong-co", 404),
    ("/gioi-thieu/khong-co", 404),
    ("/cong-khai/khong-co", 404),
    ("/lich-cong-tac/khong-co", 404),
    ("/chuyen-muc/khong-co", 404),
    ("/tin-tuc/khong-co/in", 404),
    ("/van-ban/khong-co/tai-ve", 404),
    ("/bai-viet/12abc", 404),
    ("/tin-tuc/a%00b", 404),
    ("/chuyen-muc/%00", 404),
    ("/van-ban-quy-pham-phap-luat?co-quan=%00", 400),
    ("/tin-tuc/%C3%28", 404),        # not UTF-8
    ("/tin-tuc?page=-1", 400),
    ("/tin-tuc?page=0", 400),
    ("/tin-tuc?page=abc", 400),
    ("/tin-tuc?page=1.5", 400),
    ("/tin-tuc?page=%EF%BC%93", 400),   # a full-width digit is not a page number
    ("/tin-tuc?page=99999999", 404),
    ("/tin-tuc?page=2", 404),           # past the end of a short list
    ("/van-ban-quy-pham-phap-luat?page=-1", 400),
    ("/van-ban-quy-pham-phap-luat?loai=khong-ton-tai", 400),
    ("/van-ban-quy-pham-phap-luat?hieu-luc=mai-mai", 400),
    ("/van-ban-quy-pham-phap-luat?nam=20x4", 400),
    ("/van-ban-quy-pham-phap-luat?nam=99999", 400),
    ("/van-ban-quy-pham-phap-luat?co-quan=Bo+khong+ton+tai", 400),
    ("/van-ban-quy-pham-phap-luat?linh-vuc=Khong+co", 400),
    ("/thu-tuc?linh-vuc=Khong+co", 400),
    ("/thu-tuc?co-quan=Khong+co", 400),
    ("/thu-tuc?muc-do=9", 400),
    ("/cong-khai?loai=bi-mat", 400),
    ("/cong-khai?ky=1900", 400),
    ("/lich-cong-tac?tuan=2026-48", 400),
    ("/lich-cong-tac?tuan=2026-W54", 400),
    ("/lich-cong-tac?tuan=2026-W00", 400),
    ("/lich-cong-tac?tuan=%00", 400),
    ("/lich-cong-tac?tuan=0000-W01", 400),
    ("/?q=" + "x" * 2100, 400),
    ("/tin-tuc?page=1&q=" + "x" * 2100, 400),
]


def test_bad_input_gets_a_vietnamese_error_page(app, sites):
    # One site and one client for the whole table: each case is a request, not a setup.
    client = client_for(app, A_HOST)
    wrong = []
    for path, status in CASES:
        response = client.get(path)
        if response.status_code != status or '<html lang="vi">' not in response.text \
                or 'class="error-page"' not in response.text:
            wrong.append((path[:80], response.status_code))
    assert wrong == []


def test_a_filter_value_no_published_item_has_is_refused(app, sites):
    publish(app, sites["a"], "legal_document")
    client = client_for(app, A_HOST)
    assert client.get("/van-ban-quy-pham-phap-luat?linh-vuc=Th%C3%B4ng+tin").status_code == 200
    refused = client.get("/van-ban-quy-pham-phap-luat?linh-vuc=Th%C3%B4ng+tin+kh%C3%A1c")
    assert refused.status_code == 400
