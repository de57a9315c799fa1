"""Photo news (tin ảnh): its photographs as a captioned grid, each a link to its large
rendition; an image inserted in rich text is a 960-wide rendition with its size, public
once the text is published."""

from __future__ import annotations

import re

from hub.content.models import ArticleKind, ItemAttachment
from hub.extensions import db
from hub.workflow.states import ContentStatus
from tenants.context import tenant_scope
from tests.content.conftest import A_HOST
from tests.content.factories import make_attachment, make_item
from tests.factories import host_client
from tests.images.conftest import photo_bytes
from tests.images.test_renditions import upload

CAPTIONS = ("Lễ khai mạc", "Các đại biểu", "Khu trưng bày")


def photo_news(app, site) -> None:  # type: ignore[no-untyped-def]
    images = [make_attachment(app, site, photo_bytes(800 + index, 600), f"anh-{index}.jpg",
                              alt_text=caption) for index, caption in enumerate(CAPTIONS)]
    item_id = make_item(app, site, title="Tin ảnh: Hội chợ", kind=ArticleKind.PHOTO)
    with app.app_context(), tenant_scope(site.id):
        for position, image_id in reversed(list(enumerate(images))):
            db.session.add(ItemAttachment(item_id=item_id, attachment_id=image_id,
                                          role="image", position=position))
        db.session.commit()


def test_photo_news_shows_its_photographs_in_order(app, site_a):
    photo_news(app, site_a)
    client = host_client(app, A_HOST)
    page = client.get("/tin-tuc/bai-1").get_data(as_text=True)
    grid = re.search(r'<ul class="gallery-grid">.*?</ul>', page, re.S)[0]  # type: ignore[index]
    figures = re.findall(r"<figure.*?</figure>", grid, re.S)
    assert [re.search(r"<figcaption[^>]*>([^<]+?) <", f)[1] for f in figures] == list(CAPTIONS)  # type: ignore[index]
    for figure in figures:
        link = re.search(r'<a href="([^"]+)" aria-labelledby="(gallery-caption-\d+)"', figure)
        assert link and f'id="{link[2]}"' in figure
        assert 'alt=""' in figure and 'loading="lazy"' in figure
        large = client.get(link[1])
        assert large.status_code == 200 and large.mimetype == "image/jpeg"


def test_an_image_in_rich_text_is_a_rendition(app, site_a, editor):
    body = upload(editor, photo_bytes(), "trong-bai.jpg", "Toàn cảnh").get_json()
    shown = body["rendition"]
    assert (shown["width"], shown["height"]) == (960, 640)
    assert re.fullmatch(rf"/anh/{body['id']}/\w+/960\.jpg", shown["url"])
    html = f'<p><img src="{shown["url"]}" alt="Toàn cảnh" width="960" height="640"></p>'
    item_id = make_item(app, site_a, body=html, status=ContentStatus.DRAFT)
    client = host_client(app, A_HOST)
    assert client.get(shown["url"]).status_code == 404   # only in a draft
    from tests.content.factories import set_status
    set_status(app, site_a, item_id, ContentStatus.PUBLISHED)
    page = client.get("/tin-tuc/bai-1").get_data(as_text=True)
    assert f'src="{shown["url"]}"' in page and 'width="960"' in page
    assert client.get(shown["url"]).status_code == 200


def test_an_image_in_an_officials_biography_is_public_with_the_directory(app, site_a, editor):
    """The directory's people are public: so is a rendition shown in their text, found
    by the same mention of the file as a download link (``hub.files.operations``)."""
    from hub.directory.models import Person
    body = upload(editor, photo_bytes(), "chan-dung.jpg", "Giám đốc Sở").get_json()
    shown = body["rendition"]
    client = host_client(app, A_HOST)
    assert client.get(shown["url"]).status_code == 404   # used nowhere yet
    with app.app_context(), tenant_scope(site_a.id):
        db.session.add(Person(name="Nguyễn Văn An", title="Giám đốc", biography=(
            f'<p><img src="{shown["url"]}" alt="Giám đốc Sở" width="960" height="640"></p>')))
        db.session.commit()
    assert client.get(shown["url"]).status_code == 200
