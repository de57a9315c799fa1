"""Photographs of the demo province: drawn at seed time with Pillow, so the demo needs
no image files and every article gets a different one.

Each photograph is a landscape of Lạng Sơn as a few shapes (a sky, a sun, ranges of
hills, fields) in colours that change from one to the next, 1600 x 1067 pixels, saved
as a camera would: a JPEG with EXIF and a GPS position, which the renditions the
public sees never carry. The province's news gets them as lead images, a photo news
article gets five, and its leaders get portraits.
"""

from __future__ import annotations

import io
import random
from typing import Any

from flask import Flask
from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from hub.accounts.models import User
from hub.content.models import Article, ArticleKind
from hub.content.operations import create_item, transition
from hub.directory.models import Person
from hub.extensions import db
from hub.files.operations import store_upload
from tenants.context import tenant_scope
from tenants.models import Tenant

SIZE = (1600, 1067)
GPS_IFD = 0x8825
# Đông Kinh market, Lạng Sơn: the position a camera would have written.
GPS = {1: "N", 2: (21.0, 50.0, 48.0), 3: "E", 4: (106.0, 45.0, 36.0)}

SCENES = (
    ("Quang cảnh hội nghị tổng kết nhìn từ xa, đồi núi phía sau",
     "Hội nghị tổng kết công tác năm 2026"),
    ("Cánh đồng lúa chín dưới chân núi", "Mùa vụ năm 2026 thắng lợi"),
    ("Đường vào trung tâm xã giữa những dãy đồi", "Giao thông nông thôn được nâng cấp"),
    ("Hồ nước và núi đá vôi lúc bình minh", "Cảnh quan du lịch của tỉnh"),
    ("Khu dân cư bên sông Kỳ Cùng", "Đô thị ven sông"),
)
CREDIT = "Cổng thông tin điện tử tỉnh Lạng Sơn"


def landscape(seed: int) -> bytes:
    """A photograph-like landscape, different for every ``seed``."""
    rng = random.Random(seed)
    width, height = SIZE
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    top = (rng.randint(40, 120), rng.randint(90, 170), rng.randint(170, 235))
    horizon = (rng.randint(200, 255), rng.randint(170, 230), rng.randint(120, 200))
    for y in range(0, height, 4):
        t = y / height
        draw.rectangle((0, y, width, y + 4), fill=tuple(
            round(a + (b - a) * t) for a, b in zip(top, horizon, strict=True)))
    sun_x, sun_y = rng.randint(200, width - 200), rng.randint(120, 380)
    draw.ellipse((sun_x - 70, sun_y - 70, sun_x + 70, sun_y + 70), fill=(255, 236, 170))
    for layer in range(4):
        base = 480 + layer * 140
        green = (rng.randint(20, 70), rng.randint(80, 150) - layer * 10, rng.randint(30, 80))
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base + rng.randint(-120, 60)))
        points.append((width, height))
        draw.polygon(points, fill=green)
    for row in range(6):  # terraced fields in the foreground
        y = height - 40 - row * 28
        draw.line((0, y, width, y - rng.randint(-30, 30)), fill=(170, 190, 80), width=6)
    exif = Image.Exif()
    exif[0x010F] = "Demo camera"
    exif[GPS_IFD] = GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


def avatar(seed: int) -> bytes:
    """A plain portrait: a head and shoulders on a soft background."""
    rng = random.Random(seed)
    image = Image.new("RGB", (600, 800), (rng.randint(190, 230), rng.randint(200, 235), 240))
    draw = ImageDraw.Draw(image)
    coat = (rng.randint(20, 60), rng.randint(30, 60), rng.randint(60, 110))
    draw.ellipse((60, 520, 540, 1100), fill=coat)
    draw.polygon([(260, 540), (340, 540), (300, 700)], fill=(245, 245, 245))
    draw.ellipse((190, 200, 410, 470), fill=(233, 196, 160))
    draw.ellipse((180, 170, 420, 330), fill=(30, 25, 25))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _upload(data: bytes, filename: str, alt: str, user: Any) -> Any:
    return store_upload(FileStorage(io.BytesIO(data), filename=filename,
                                    content_type="image/jpeg"),
                        alt_text=alt, by=user, images_only=True)


def add_photographs(app: Flask, site: Tenant, host: str, user_email: str,
                    out: Any = None, *, photo_news: bool = True, first: int = 0) -> None:
    """Lead images for the site's news, a photo news article (unless ``photo_news`` is
    false), the leaders' portraits. ``first``: where in the scenes this site's pictures
    begin, so sites do not repeat each other's. The photo news is listed in ``out`` (a
    ``SiteContent``) as ``photo_news``."""
    with app.test_request_context("/", base_url=f"http://{host}/"), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == user_email))
        articles = db.session.scalars(select(Article).where(
            Article.locale == "vi", Article.kind == ArticleKind.NEWS)
            .order_by(Article.id)).all()
        for index, article in enumerate(articles, start=first):
            alt, caption = SCENES[index % len(SCENES)]
            image = _upload(landscape(index), f"anh-tin-{index + 1}.jpg", alt, user)
            article.lead_image_id = image.id
            article.lead_image_alt, article.lead_image_caption = alt, caption
            article.lead_image_credit = CREDIT
        if photo_news:
            gallery = [_upload(landscape(100 + index), f"tin-anh-{index + 1}.jpg", alt, user)
                       for index, (alt, _caption) in enumerate(SCENES)]
            item = create_item("article", {
                "title": "Tin ảnh: Lạng Sơn vào mùa lúa chín",
                "summary": "Những hình ảnh đẹp của quê hương Lạng Sơn trong những ngày cuối năm.",
                "body": "<p>Phóng viên ghi lại những hình ảnh của quê hương.</p>",
                "kind": ArticleKind.PHOTO.value, "author_byline": "Trần Minh",
                "lead_image_id": str(gallery[0].id), "lead_image_alt": SCENES[0][0],
                "lead_image_caption": SCENES[0][1], "lead_image_credit": CREDIT,
                "attachments": [[image.id, "image"] for image in gallery]}, user)
            transition(item, "submit", user)
            transition(item, "approve", user)
            if out is not None:
                out.items.setdefault("photo_news", []).append((item.id, item.slug))
        people = db.session.scalars(select(Person).where(Person.is_leader.is_(True))
                                    .order_by(Person.position)).all()
        for index, person in enumerate(people):
            person.photo_id = _upload(avatar(first + index), f"chan-dung-{index + 1}.jpg",
                                      f"Ảnh chân dung {person.name}", user).id
        db.session.commit()
