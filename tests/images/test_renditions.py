"""An uploaded image is checked with Pillow (no broken file, no decompression bomb),
knows its size, and gets renditions made once, stripped of metadata, cropped around its
focal point, served on its own site only, cached for a year under an address that
changes with the image."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from hub.extensions import db
from hub.files.models import Attachment
from hub.files.storage import get_storage
from hub.images.models import ImageRendition
from hub.images.operations import ensure, set_focal_point, version
from hub.images.specs import Spec, crop_box
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope, unscoped
from tests.content.conftest import A_HOST, B_HOST, token
from tests.content.factories import file_storage, make_attachment, make_item
from tests.factories import host_client
from tests.images.conftest import bomb_png, photo_bytes


def upload(client, data: bytes, filename: str, alt_text: str = "Ảnh"):  # type: ignore[no-untyped-def]
    return client.post("/quan-tri/tep", data={
        "csrf_token": token(client), "alt_text": alt_text,
        "file": file_storage(data, filename)},
        content_type="multipart/form-data", headers={"Accept": "application/json"})


def rendition_count(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(ImageRendition.id)))


def published_photo(app, site, data: bytes | None = None, **item) -> Attachment:  # type: ignore[no-untyped-def]
    attachment_id = make_attachment(app, site, data or photo_bytes(), "anh.jpg",
                                    alt_text="Hội nghị")
    make_item(app, site, attachment_id=attachment_id, **item)
    with app.app_context(), tenant_scope(site.id):
        image = db.session.get(Attachment, attachment_id)
        db.session.expunge(image)
        return image


def url(image: Attachment, spec: str = "640", extension: str = "webp") -> str:
    return f"/anh/{image.id}/{version(image)}/{spec}.{extension}"


# --- the upload's checks ---------------------------------------------------------------

def test_an_image_is_stored_with_its_size_and_standard_renditions(app, editor):
    response = upload(editor, photo_bytes(), "hoi-nghi.jpg")
    assert response.status_code == 201
    with app.app_context(), unscoped():
        image = db.session.get(Attachment, response.get_json()["id"])
        assert (image.width, image.height) == (1600, 1067)
        assert (image.focal_x, image.focal_y) == (0.5, 0.5)
        rows = db.session.scalars(select(ImageRendition)).all()
    assert {(row.spec, row.format) for row in rows} == {
        (str(width), ext) for width in (320, 640) for ext in ("webp", "jpg")}
    assert {(row.width, row.height) for row in rows if row.spec == "640"} == {(640, 427)}


def test_a_decompression_bomb_is_refused(app, editor):
    response = upload(editor, bomb_png(), "bom.png")
    assert response.status_code == 400
    assert "40" in response.get_json()["error"]["reason"]
    assert rendition_count(app) == 0
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_a_truncated_jpeg_is_refused(app, editor):
    data = photo_bytes()
    response = upload(editor, data[: len(data) // 2], "cat-do.jpg")
    assert response.status_code == 400
    assert response.get_json()["error"]["reason"]
    with app.app_context(), unscoped():
        assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_an_image_turned_by_exif_has_its_shown_size(app, editor):
    response = upload(editor, photo_bytes(400, 300, orientation=6), "doc.jpg")
    with app.app_context(), unscoped():
        image = db.session.get(Attachment, response.get_json()["id"])
        assert (image.width, image.height) == (300, 400)


# --- serving -------------------------------------------------------------------------------

@pytest.mark.parametrize("extension, pillow_format", [("webp", "WEBP"), ("jpg", "JPEG")])
def test_a_served_rendition_carries_no_exif_and_is_cached_for_a_year(
        app, site_a, extension, pillow_format):
    image = published_photo(app, site_a)
    response = host_client(app, A_HOST).get(url(image, "960", extension))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(response.data))
    assert served.format == pillow_format and served.size == (960, 640)
    assert not served.getexif() and "exif" not in served.info
    again = host_client(app, A_HOST).get(url(image, "960", extension),
                                         headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_rendition_is_made_once(app, site_a):
    image = published_photo(app, site_a)
    before = rendition_count(app)
    first = host_client(app, A_HOST).get(url(image, "640-16x9"))
    assert first.status_code == 200 and rendition_count(app) == before + 1
    storage_keys = list(get_storage(app).keys())
    second = host_client(app, A_HOST).get(url(image, "640-16x9"))
    assert second.data == first.data
    assert rendition_count(app) == before + 1
    assert list(get_storage(app).keys()) == storage_keys


def test_a_lost_race_reads_the_winners_row(app, site_a):
    image = published_photo(app, site_a)
    with app.test_request_context(), tenant_scope(site_a.id):
        row = db.session.get(Attachment, image.id)
        first = ensure(row, [(Spec(320, "1x1"), "webp")])[0]
        db.session.commit()
        # A second request that did not see the first one's row makes it again.
        db.session.delete(first)
        db.session.flush()
        db.session.rollback()
        again = ensure(row, [(Spec(320, "1x1"), "webp")])[0]
        assert again.id == first.id
    assert rendition_count(app) == 4 + 1


def test_a_crop_keeps_the_focal_point(app, site_a, editor):
    image = published_photo(app, site_a)
    middle = Image.open(io.BytesIO(host_client(app, A_HOST).get(url(image, "320-1x1")).data))
    with app.test_request_context(), tenant_scope(site_a.id):
        row = db.session.get(Attachment, image.id)
        assert set_focal_point(row, 0.0, 0.5, by=None)
        db.session.commit()
        db.session.refresh(row)
        db.session.expunge(row)
        moved = row
    assert version(moved) != version(image)
    old = host_client(app, A_HOST).get(url(image, "320-1x1"))
    assert old.status_code == 302 and old.headers["Location"].endswith(url(moved, "320-1x1"))
    left = Image.open(io.BytesIO(host_client(app, A_HOST).get(url(moved, "320-1x1")).data))
    red, blue = (200, 30, 30), (30, 30, 200)
    # Red up to x = 800 of 1600: 240 of 320 in a square from the left edge, 160 in one
    # from the middle.
    assert _close(left.convert("RGB").getpixel((220, 160)), red)
    assert _close(middle.convert("RGB").getpixel((140, 160)), red)
    assert _close(middle.convert("RGB").getpixel((220, 160)), blue)


def _close(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=False))


def test_crop_boxes_stay_inside_the_image():
    assert crop_box(1600, 1067, "1x1", 0.0, 0.5) == (0, 0, 1067, 1067)
    assert crop_box(1600, 1067, "1x1", 1.0, 0.5) == (533, 0, 1600, 1067)
    assert crop_box(1600, 1067, "16x9", 0.5, 0.9) == (0, 167, 1600, 1067)
    assert crop_box(300, 400, None, 0.1, 0.1) == (0, 0, 300, 400)


def test_never_upscaled(app, site_a):
    image = published_photo(app, site_a, photo_bytes(500, 300))
    response = host_client(app, A_HOST).get(url(image, "1280"))
    assert Image.open(io.BytesIO(response.data)).size == (500, 300)


def test_unknown_specs_and_formats_are_404(app, site_a):
    image = published_photo(app, site_a)
    client = host_client(app, A_HOST)
    assert client.get(url(image, "641")).status_code == 404
    assert client.get(url(image, "640-5x4")).status_code == 404
    assert client.get(url(image, "640", "png")).status_code == 404


def test_another_sites_image_does_not_exist_here(app, site_a):
    image = published_photo(app, site_a)
    assert host_client(app, B_HOST).get(url(image)).status_code == 404


def test_a_drafts_image_is_for_staff_only(app, site_a, editor):
    image = published_photo(app, site_a, status=ContentStatus.DRAFT)
    assert host_client(app, A_HOST).get(url(image)).status_code == 404
    response = editor.get(url(image))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_the_sweep_keeps_rendition_files(app, site_a):
    from datetime import UTC, datetime, timedelta

    from hub.files.sweep import sweep
    image = published_photo(app, site_a)
    host_client(app, A_HOST).get(url(image, "640-3x2"))
    files = sorted(Path(app.config["UPLOAD_DIR"]).rglob("*.webp"))
    with app.app_context():
        assert sweep(now=datetime.now(UTC) + timedelta(days=30)) == 0
    assert sorted(Path(app.config["UPLOAD_DIR"]).rglob("*.webp")) == files


def test_renditions_are_kept_in_an_s3_bucket(app, site_a, s3_settings):
    app.config.update(s3_settings)
    image = published_photo(app, site_a)
    response = host_client(app, A_HOST).get(url(image, "640-16x9", "jpg"))
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.data)).size == (640, 360)
    keys = list(get_storage(app).keys(f"{site_a.id}/r/"))
    assert len(keys) == 2 * 2 + 1   # the standard ones, and the one asked for
    assert not Path(app.config["UPLOAD_DIR"]).exists()
    before = rendition_count(app)
    host_client(app, A_HOST).get(url(image, "640-16x9", "jpg"))
    assert rendition_count(app) == before


def test_a_truncated_jpeg_is_refused_after_weasyprint_is_loaded(app, editor):
    """WeasyPrint turns on Pillow's tolerance of truncated files for the whole process
    when it is imported (the reports' PDFs do): uploads are still checked whole."""
    pytest.importorskip("weasyprint")
    from PIL import ImageFile
    assert ImageFile.LOAD_TRUNCATED_IMAGES
    data = photo_bytes()
    response = upload(editor, data[: len(data) // 2], "cat-do.jpg")
    assert response.status_code == 400
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint wants it
