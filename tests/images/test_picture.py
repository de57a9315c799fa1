"""``picture`` (``hub.images.markup``, a template global): WebP and the original's
format at every width up to the image's own, width and height against layout shift,
lazy unless told, a caption and credit in a figure."""

from __future__ import annotations

import re

from hub.images.operations import ImageRef
from tests.content.conftest import A_HOST

PHOTO = ImageRef(id=7, sha256="ab" * 32, content_type="image/jpeg", width=1600,
                 height=1067, focal_x=0.5, focal_y=0.5, alt_text="Hội nghị tổng kết")


def render(app, image, **options) -> str:  # type: ignore[no-untyped-def]
    with app.test_request_context(base_url=f"http://{A_HOST}/"):
        return str(app.jinja_env.globals["picture"](image, **options))


def test_a_picture_offers_webp_and_jpeg_at_each_width(app):
    html = render(app, PHOTO, sizes="(min-width: 60rem) 40rem, 100vw")
    webp = re.search(r'<source type="image/webp" sizes="([^"]+)" srcset="([^"]+)"', html)
    assert webp and webp[1] == "(min-width: 60rem) 40rem, 100vw"
    assert [entry.rsplit(" ", 1)[1] for entry in webp[2].split(", ")] == [
        "320w", "640w", "960w", "1280w"]
    assert all(entry.startswith("/anh/7/") and ".webp " in entry
               for entry in webp[2].split(", "))
    img = re.search(r"<img [^>]+>", html)[0]  # type: ignore[index]
    assert 'width="1280" height="854"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Hội nghị tổng kết"' in img
    assert re.search(r'srcset="/anh/7/\w+/320\.jpg 320w, ', img)
    assert "<figure" not in html


def test_a_crop_of_a_small_image_is_never_upscaled(app):
    small = PHOTO._replace(width=700, height=500)
    html = render(app, small, ratio="16x9")
    srcset = re.search(r'<img [^>]*srcset="([^"]+)"', html)[1]  # type: ignore[index]
    assert [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")] == ["320w", "640w",
                                                                          "700w"]
    assert 'width="700" height="394"' in html
    assert "/640-16x9.jpg" in html and "/960-16x9.jpg" in html


def test_an_eager_picture_with_caption_and_credit(app):
    html = render(app, PHOTO, eager=True, caption="Quang cảnh hội nghị",
                  credit="Trần Minh", alt="Đại biểu dự hội nghị")
    assert html.strip().startswith('<figure class="photo">')
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'alt="Đại biểu dự hội nghị"' in html
    assert re.search(r"<figcaption>Quang cảnh hội nghị <span class=\"credit\">.*Trần Minh"
                     r"</span></figcaption>", html)
