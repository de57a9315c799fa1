"""The demo province's photographs: lead images on its news, a photo news article of
five, leaders' portraits; made at seed time in seconds, with a camera's GPS position
that the served renditions do not carry."""

from __future__ import annotations

import io
import re
import time

import pytest
from PIL import Image
from sqlalchemy import select

from hub.content.models import Article, ArticleKind
from hub.demo.content import seed_demo_content
from hub.demo.photos import GPS_IFD, landscape
from hub.demo.seed import seed_demo
from hub.directory.models import Person
from hub.extensions import db
from tenants.context import unscoped
from tests.factories import host_client

BASE = "langson.localhost"


def test_a_demo_photograph_carries_a_gps_position():
    photo = Image.open(io.BytesIO(landscape(1)))
    assert photo.size == (1600, 1067) and photo.getexif().get_ifd(GPS_IFD)
    assert landscape(1) != landscape(2)


@pytest.mark.slow
def test_the_demo_province_has_photographs(app):
    with app.app_context():
        seed_demo(BASE)
        db.session.commit()
        started = time.monotonic()
        seed_demo_content(app, BASE)
        assert time.monotonic() - started < 60
    with app.app_context(), unscoped():
        photo_news = db.session.scalars(select(Article).where(
            Article.kind == ArticleKind.PHOTO)).one()
        assert len([a for a in photo_news.attachments if a.role == "image"]) == 5
        news = db.session.scalars(select(Article).where(
            Article.lead_image_id.is_not(None), Article.kind == ArticleKind.NEWS)).all()
        assert news and all(item.lead_image_alt and item.lead_image_credit for item in news)
        assert db.session.scalars(select(Person).where(
            Person.is_leader.is_(True), Person.photo_id.is_not(None))).all()
        slug = photo_news.slug
    client = host_client(app, BASE)
    page = client.get(f"/tin-tuc/{slug}").get_data(as_text=True)
    assert page.count('<li>\n      <figure class="photo">') == 5
    large = re.search(r'<ul class="gallery-grid">.*?<a href="([^"]+)"', page, re.S)[1]  # type: ignore[index]
    served = Image.open(io.BytesIO(client.get(large).data))
    assert not served.getexif()
    leaders = client.get("/lanh-dao").get_data(as_text=True)
    assert re.search(r'<picture class="portrait">', leaders)
