"""A merged site's photographs follow its items: the successor serves their renditions,
made anew in its own folder."""

from __future__ import annotations

from sqlalchemy import select

from hub.extensions import db
from hub.files.models import Attachment
from hub.images.operations import version
from tenants.context import tenant_scope
from tests.content.factories import make_attachment, make_item
from tests.factories import host_client
from tests.images.conftest import photo_bytes
from tests.sites.test_merged_content import NEW_HOST, OLD_HOST, merge_over_http, merging  # noqa: F401


def test_a_lead_image_is_served_by_the_successor(app, merging):  # noqa: F811
    old, new = merging["old"], merging["new"]
    image_id = make_attachment(app, old, photo_bytes(), "anh.jpg", alt_text="Hội nghị")
    make_item(app, old, title="Tin có ảnh", lead_image_id=image_id,
              lead_image_alt="Hội nghị")
    with app.app_context(), tenant_scope(old.id):
        image = db.session.scalar(select(Attachment).where(Attachment.id == image_id))
        path = f"/anh/{image.id}/{version(image)}/640.jpg"
    assert host_client(app, OLD_HOST).get(path).status_code == 200
    merge_over_http(app, old, new)
    response = host_client(app, NEW_HOST).get(path)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
