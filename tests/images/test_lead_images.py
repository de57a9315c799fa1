"""An article, page or schedule entry has a lead image: chosen or uploaded in the editor
with a description (required), caption, credit and focal point; shown 3:2 on its public
page, as a 16:9 thumbnail in lists (read with the list, no query per item), kept in
revisions, reused by its translation."""

from __future__ import annotations

import re

from sqlalchemy import select

from hub.content.models import Article
from hub.content.revisions import snapshot
from hub.extensions import db
from hub.files.models import Attachment
from hub.translation.fields import carried_values
from tenants.context import tenant_scope
from tests.content.conftest import A_HOST, token, translated
from tests.content.factories import file_storage, make_attachment, make_item
from tests.factories import host_client, statements_sent
from tests.images.conftest import photo_bytes

NEW_ARTICLE = "/quan-tri/noi-dung/moi/tin-bai"


def photo(app, site) -> int:  # type: ignore[no-untyped-def]
    return make_attachment(app, site, photo_bytes(), "anh.jpg", alt_text="Hội nghị")


def article_form(client, **values):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token(client), "title": "Hội nghị tổng kết", "kind": "news",
            "locale": "vi", **values}
    return client.post(NEW_ARTICLE, data=data, content_type="multipart/form-data")


def created(app, site) -> Article:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        item = db.session.scalars(select(Article).order_by(Article.id.desc())).first()
        db.session.expunge(item)
        return item


def test_a_lead_image_needs_its_description(app, site_a, editor):
    image_id = photo(app, site_a)
    response = article_form(editor, lead_image_id=str(image_id))
    assert response.status_code == 422
    assert translated(app, "Describe the lead image for readers who cannot see it.") \
        in response.get_data(as_text=True)
    response = article_form(editor, lead_image_file=file_storage(photo_bytes(), "moi.jpg"))
    assert response.status_code == 422
    with app.app_context(), tenant_scope(site_a.id):
        assert db.session.scalar(select(Article.id)) is None


def test_an_uploaded_lead_image_with_its_focal_point(app, site_a, editor):
    response = article_form(editor, lead_image_file=file_storage(photo_bytes(), "moi.jpg"),
                            lead_image_alt="Quang cảnh hội nghị",
                            lead_image_caption="Hội nghị sáng 5/12",
                            lead_image_credit="Trần Minh", focal_x="0.2", focal_y="0.4")
    assert response.status_code == 302
    item = created(app, site_a)
    assert item.lead_image_alt == "Quang cảnh hội nghị"
    assert item.lead_image_credit == "Trần Minh"
    with app.app_context(), tenant_scope(site_a.id):
        image = db.session.get(Attachment, item.lead_image_id)
        assert (image.focal_x, image.focal_y) == (0.2, 0.4)
        assert image.alt_text == "Quang cảnh hội nghị"
        kept = snapshot(db.session.get(Article, item.id))
    assert kept["lead_image_id"] == image.id and kept["lead_image_caption"]
    carried = carried_values(kept, item.type)
    assert carried["lead_image_id"] == image.id and "lead_image_alt" not in carried


def test_the_article_page_shows_its_lead_image_and_lists_its_thumbnail(app, site_a):
    image_id = photo(app, site_a)
    make_item(app, site_a, title="Tin có ảnh", lead_image_id=image_id,
              lead_image_alt="Đại biểu dự hội nghị", lead_image_caption="Quang cảnh",
              lead_image_credit="Trần Minh")
    client = host_client(app, A_HOST)
    page = client.get("/tin-tuc/bai-1").get_data(as_text=True)
    figure = re.search(r'<figure class="photo lead-image">.*?</figure>', page, re.S)[0]  # type: ignore[index]
    assert 'alt="Đại biểu dự hội nghị"' in figure and "Trần Minh" in figure
    assert "/960-3x2.webp 960w" in figure and 'width="1280" height="854"' in figure
    rendition = re.search(r'src="(/anh/[^"]+)"', figure)[1]  # type: ignore[index]
    assert client.get(rendition).status_code == 200   # public: its item is published
    listing = client.get("/tin-tuc").get_data(as_text=True)
    assert re.search(r'<li class="with-thumbnail">\s*<picture>.*?/320-16x9\.webp 320w', listing,
                     re.S)
    assert 'alt=""' in listing  # beside its linked title: decorative


def test_an_article_page_reads_its_lead_image_with_the_item(app, site_a):
    """One statement: the item, the files it lists and its photograph."""
    make_item(app, site_a, title="Tin có ảnh", lead_image_id=photo(app, site_a),
              lead_image_alt="Đại biểu dự hội nghị")
    client = host_client(app, A_HOST)
    assert client.get("/tin-tuc/bai-1?lan=1").status_code == 200  # the site's memos
    with statements_sent(app) as sent:
        page = client.get("/tin-tuc/bai-1?lan=2").get_data(as_text=True)
    assert 'alt="Đại biểu dự hội nghị"' in page
    assert len([sql for sql in sent if "set_config" not in sql]) == 1  # PostgreSQL's RLS


def test_a_list_reads_thumbnails_with_its_rows(app, site_a):
    client = host_client(app, A_HOST)

    def statements(visit: str) -> int:
        with statements_sent(app) as sent:
            assert client.get(f"/tin-tuc?lan={visit}").status_code == 200
        return len(sent)

    make_item(app, site_a, title="Tin một", lead_image_id=photo(app, site_a),
              lead_image_alt="Ảnh một")
    statements("warm-up")
    one = statements("one")
    for number in range(5):
        make_item(app, site_a, title=f"Tin {number}", lead_image_id=photo(app, site_a),
                  lead_image_alt=f"Ảnh {number}")
    statements("warm-up again")
    assert statements("six") == one
