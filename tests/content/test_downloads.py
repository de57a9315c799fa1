"""Files are served at /tep/<id>/<name> on their own site's host, with headers that keep
them inert; only files something public uses are public, the rest is for the site's
staff, and another site's id does not exist here."""

from __future__ import annotations

import hashlib

from hub.files.controllers import content_disposition
from hub.files.operations import safe_filename
from hub.workflow.states import ContentStatus
from tests.content.conftest import A_HOST, B_HOST, staff_client
from tests.content.factories import (
    make_attachment,
    make_item,
    make_person,
    pdf_bytes,
    png_bytes,
    public_attachment_of,
    set_status,
)
from tests.factories import host_client

NAME = "Quyết định 40.pdf"
URL_NAME = "Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2040.pdf"


def test_a_published_items_file_is_public_with_safe_headers(app, site_a):
    attachment_id = make_attachment(app, site_a, pdf_bytes(), NAME)
    make_item(app, site_a, attachment_id=attachment_id)
    response = host_client(app, A_HOST).get(f"/tep/{attachment_id}/{URL_NAME}")
    assert response.status_code == 200
    assert response.data == pdf_bytes()
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"Quyet dinh 40.pdf\"; filename*=UTF-8''{URL_NAME}")
    assert response.headers["ETag"] == f'"{hashlib.sha256(pdf_bytes()).hexdigest()}"'
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_an_unchanged_file_is_not_sent_again(app, site_a):
    attachment_id = make_attachment(app, site_a, pdf_bytes(), NAME)
    make_item(app, site_a, attachment_id=attachment_id)
    client = host_client(app, A_HOST)
    etag = client.get(f"/tep/{attachment_id}/{URL_NAME}").headers["ETag"]
    again = client.get(f"/tep/{attachment_id}/{URL_NAME}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_images_are_shown_inline_and_text_says_its_charset(app, site_a):
    photo_id = public_attachment_of(app, site_a)
    response = host_client(app, A_HOST).get(f"/tep/{photo_id}/chan-dung.png")
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith('inline; filename="chan-dung.png"')

    text_id = make_attachment(app, site_a, "Lịch tiếp dân".encode(), "lich.txt")
    make_item(app, site_a, attachment_id=text_id)
    response = host_client(app, A_HOST).get(f"/tep/{text_id}/lich.txt")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_a_drafts_file_is_for_the_sites_staff_only(app, site_a):
    attachment_id = make_attachment(app, site_a, pdf_bytes(), NAME)
    make_item(app, site_a, status=ContentStatus.DRAFT, attachment_id=attachment_id)
    url = f"/tep/{attachment_id}/{URL_NAME}"
    assert host_client(app, A_HOST).get(url).status_code == 404
    staff = staff_client(app, site_a, "contributor")
    response = staff.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    # A member without content.view (the translation office) gets the same 404.
    translator = staff_client(app, site_a, "translator", "dich@songoaivu.gov.vn")
    assert translator.get(url).status_code == 404


def test_a_taken_down_items_file_disappears_at_once(app, site_a):
    attachment_id = make_attachment(app, site_a, pdf_bytes(), NAME)
    item_id = make_item(app, site_a, attachment_id=attachment_id)
    client = host_client(app, A_HOST)
    assert client.get(f"/tep/{attachment_id}/{URL_NAME}").status_code == 200
    set_status(app, site_a, item_id, ContentStatus.TAKEN_DOWN)
    assert client.get(f"/tep/{attachment_id}/{URL_NAME}").status_code == 404


def test_an_image_shown_in_a_published_text_is_public(app, site_a):
    image_id = make_attachment(app, site_a, png_bytes(), "hoi-nghi.png", alt_text="Hội nghị")
    other_id = make_attachment(app, site_a, png_bytes(3, 3), "khac.png", alt_text="Khác")
    make_item(app, site_a, body=f'<p><img src="/tep/{image_id}/hoi-nghi.png" alt="Hội nghị"></p>')
    client = host_client(app, A_HOST)
    assert client.get(f"/tep/{image_id}/hoi-nghi.png").status_code == 200
    assert client.get(f"/tep/{other_id}/khac.png").status_code == 404


def test_a_wrong_name_in_the_address_leads_to_the_right_one(app, site_a):
    photo_id = public_attachment_of(app, site_a)
    response = host_client(app, A_HOST).get(f"/tep/{photo_id}/ten-cu.png")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/tep/{photo_id}/chan-dung.png")


def test_another_sites_file_does_not_exist_here(app, two_sites):
    site_a, site_b = two_sites
    foreign_id = public_attachment_of(app, site_b)
    assert host_client(app, B_HOST).get(f"/tep/{foreign_id}/chan-dung.png").status_code == 200
    assert host_client(app, A_HOST).get(f"/tep/{foreign_id}/chan-dung.png").status_code == 404
    admin_of_a = staff_client(app, site_a, "site_admin")
    assert admin_of_a.get(f"/tep/{foreign_id}/chan-dung.png").status_code == 404


def test_a_leaders_photo_is_public(app, site_a):
    photo_id = make_attachment(app, site_a, png_bytes(), "giam-doc.png", alt_text="Giám đốc")
    client = host_client(app, A_HOST)
    assert client.get(f"/tep/{photo_id}/giam-doc.png").status_code == 404
    make_person(app, site_a, photo_id=photo_id)
    assert client.get(f"/tep/{photo_id}/giam-doc.png").status_code == 200


def test_vietnamese_names_in_the_disposition_header():
    assert content_disposition("attachment", "Đề án Đình Lập.docx") == (
        "attachment; filename=\"De an Dinh Lap.docx\"; "
        "filename*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n%20%C4%90%C3%ACnh%20L%E1%BA%ADp.docx")
    assert 'filename="a_b.pdf"' in content_disposition("attachment", 'a"b.pdf')


def test_safe_names_keep_the_extension_when_shortened():
    long_name = "Báo cáo " * 40 + ".pdf"
    shortened = safe_filename(long_name)
    assert len(shortened) <= 200 and shortened.endswith(".pdf")
    assert safe_filename("C:\\Users\\lan\\Tờ trình.docx") == "Tờ trình.docx"
    assert safe_filename("  ...  ") == ""
