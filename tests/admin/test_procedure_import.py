"""Procedures come from the National Public Service Portal as structured data (Decree
224/2026): a site imports the portal's export. Every row is checked first; one bad row
and nothing is imported, with the row and the reason given. A code already on the site
is updated, never duplicated."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from hub.content.models import ContentType, Procedure
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tests.admin.helpers import count_items, email_of, make_staff, post, staff_client

PROCEDURES = [
    {"code": "1.001612", "name": "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
     "field": "Đất đai", "agency": "Văn phòng đăng ký đất đai", "level": "Toàn trình",
     "steps": ["Nộp hồ sơ tại Bộ phận Một cửa", "Thẩm định hồ sơ", "Trả kết quả"],
     "dossier": "Đơn đăng ký\nGiấy tờ về quyền sử dụng đất", "processing_time": "30 ngày",
     "fees": "Theo Nghị quyết của HĐND tỉnh", "legal_basis": "Luật Đất đai 2024",
     "url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001612",
     "effective_date": "2024-08-01"},
    {"code": "2.000908", "name": "Chứng thực bản sao từ bản chính",
     "field": "Chứng thực", "agency": "UBND cấp xã", "level": "Một phần",
     "processing_time": "Trong ngày", "fees": "2.000 đồng/trang",
     "url": "https://dichvucong.gov.vn/", "effective_date": "15/07/2025"},
]

CSV_EXPORT = (
    "\ufeffMã thủ tục;Tên thủ tục;Lĩnh vực;Cơ quan thực hiện;Mức độ;Thời hạn giải quyết;"
    "Phí, lệ phí;Căn cứ pháp lý;Đường dẫn;Ngày hiệu lực\n"
    "1.004227;Đăng ký khai sinh;Hộ tịch;UBND cấp xã;Toàn trình;Ngay trong ngày;"
    "Miễn lệ phí;Luật Hộ tịch 2014;https://dichvucong.gov.vn/;01/01/2026\n"
    "1.001193;Đăng ký kết hôn;Hộ tịch;UBND cấp xã;Một phần;03 ngày làm việc;"
    "Miễn lệ phí;Luật Hôn nhân và gia đình;https://dichvucong.gov.vn/;2026-01-01\n"
)


def upload(client, data: bytes, name: str):  # type: ignore[no-untyped-def]
    return post(client, "/quan-tri/thu-tuc/nhap", {"file": (io.BytesIO(data), name)},
                content_type="multipart/form-data")


def procedures(app, site) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    with app.app_context(), tenant_scope(site.id):
        db.session.remove()
        return {p.code: {"title": p.title, "agency": p.agency, "revision": p.revision,
                         "status": p.status, "effective_on": p.effective_on,
                         "steps": p.steps, "url": p.national_portal_url, "source": p.source}
                for p in db.session.scalars(select(Procedure))}


def test_a_json_export_is_imported_as_draft_procedures(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    response = upload(editor, json.dumps({"data": PROCEDURES}, ensure_ascii=False)
                      .encode(), "thu-tuc.json")
    assert response.status_code == 302
    found = procedures(app, site)
    assert set(found) == {"1.001612", "2.000908"}
    land = found["1.001612"]
    assert land["title"] == "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"
    assert land["status"] == ContentStatus.DRAFT and land["revision"] == 1
    assert "<li>Thẩm định hồ sơ</li>" in land["steps"]
    assert land["source"] == "dichvucong.gov.vn"
    assert str(found["2.000908"]["effective_on"]) == "2025-07-15"


def test_a_csv_export_with_vietnamese_headings_is_imported(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    response = upload(staff_client(app, site, "editor"), CSV_EXPORT.encode("utf-8"),
                      "thu-tuc-ho-tich.csv")
    assert response.status_code == 302
    found = procedures(app, site)
    assert found["1.004227"]["title"] == "Đăng ký khai sinh"
    assert found["1.001193"]["agency"] == "UBND cấp xã"
    assert str(found["1.001193"]["effective_on"]) == "2026-01-01"


def test_an_existing_code_is_updated_as_a_new_revision(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    upload(editor, json.dumps(PROCEDURES).encode(), "thu-tuc.json")
    changed = [{**PROCEDURES[0], "agency": "Chi nhánh Văn phòng đăng ký đất đai"},
               PROCEDURES[1]]
    assert upload(editor, json.dumps(changed).encode(), "thu-tuc.json").status_code == 302
    found = procedures(app, site)
    assert count_items(app, site, type=ContentType.PROCEDURE) == 2
    assert found["1.001612"]["agency"] == "Chi nhánh Văn phòng đăng ký đất đai"
    assert found["1.001612"]["revision"] == 2
    assert found["2.000908"]["revision"] == 1  # unchanged: no new revision


def test_one_bad_row_and_nothing_is_imported(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    rows = [PROCEDURES[0],
            {**PROCEDURES[1], "code": "", "effective_date": "31/02/2026"},
            {**PROCEDURES[1], "code": "3.000001", "url": "javascript:alert(1)"},
            {**PROCEDURES[1], "code": "1.001612"}]
    response = upload(staff_client(app, site, "editor"), json.dumps(rows).encode(),
                      "thu-tuc.json")
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    for row in (2, 3, 4):
        assert f'data-row="{row}"' in response.text
    assert 'data-row="1"' not in response.text
    assert count_items(app, site) == 0


def test_a_bad_csv_row_is_reported_by_its_spreadsheet_line(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    text = CSV_EXPORT + "9.999;;Hộ tịch;UBND cấp xã;;;;;;ngày mai\n"
    response = upload(staff_client(app, site, "editor"), text.encode(), "thu-tuc.csv")
    assert response.status_code == 422
    assert 'data-row="4"' in response.text  # heading = line 1, third row = line 4
    assert count_items(app, site) == 0


def test_files_that_are_not_procedures_are_refused(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = staff_client(app, site, "editor")
    assert upload(editor, b"\xff\xfe\x00b\x00a\x00d", "thu-tuc.csv").status_code == 422
    assert upload(editor, b'{"data": "none"}', "thu-tuc.json").status_code == 422
    assert upload(editor, b"[1, 2", "thu-tuc.json").status_code == 422
    assert upload(editor, b"", "thu-tuc.json").status_code in (400, 422)
    assert count_items(app, site) == 0


def test_the_command_line_imports_into_one_site(app, two_sites, tmp_path):
    site, other = two_sites
    make_staff(app, site, ("editor",))
    path = tmp_path / "thu-tuc.csv"
    path.write_text(CSV_EXPORT, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["content", "import-procedures", site.slug, str(path),
                                 "--by", email_of("editor", site)])
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    assert set(procedures(app, site)) == {"1.004227", "1.001193"}
    assert procedures(app, other) == {}

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"code": "1.1", "name": ""}]), encoding="utf-8")
    refused = runner.invoke(args=["content", "import-procedures", site.slug, str(bad),
                                  "--by", email_of("editor", site)])
    assert refused.exit_code != 0

    outsider = runner.invoke(args=["content", "import-procedures", other.slug, str(path),
                                   "--by", email_of("editor", site)])
    assert outsider.exit_code != 0 and procedures(app, other) == {}
