"""A site's banner: its admins upload a picture for the header on the settings screen;
it must be an image with its text alternative, goes through the uploads' checks, and
then every page of the site shows it, with its size, beside the emblem and the name
Circular 22/2023 keeps in the header. Removing it brings back the header's own band."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.admin.helpers import A_HOST, B_HOST, make_staff, post, staff_client
from tests.factories import host_client

UPLOAD = "/quan-tri/cai-dat/bieu-ngu"
REMOVE = "/quan-tri/cai-dat/bieu-ngu/xoa"
ALT = "Núi Mẫu Sơn lúc bình minh"


def picture(width: int = 1600, height: int = 200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (160, 20, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "bieu-ngu.png", alt: str = ALT):  # type: ignore[no-untyped-def]
    return post(client, UPLOAD, {"file": (io.BytesIO(data), name), "alt_text": alt},
                content_type="multipart/form-data")


def banner_of(app, site) -> object:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        db.session.remove()
        return db.session.get(Tenant, site.id).setting("banner")


@pytest.fixture
def site(app, two_sites):  # type: ignore[no-untyped-def]
    site, _other = two_sites
    make_staff(app, site, ("site_admin", "editor"))
    return site


def test_the_banner_shows_on_every_page_with_its_size_and_text(app, site):
    visitor = host_client(app, A_HOST)
    assert 'class="banner-image"' not in visitor.get("/").text  # now in the cache
    admin = staff_client(app, site, "site_admin")
    response = upload(admin, picture())
    assert response.status_code == 302 and response.headers["Location"].endswith("#banner")
    assert set(banner_of(app, site)) == {"id"}

    home = visitor.get("/").text
    # Its renditions, the widest 1280 px: the picture keeps its shape (8:1).
    tag = home.split('<picture class="banner-image">')[1].split("<img ")[1].split(">")[0]
    assert 'width="1280" height="160"' in tag and f'alt="{ALT}"' in tag
    assert 'loading="eager"' in tag
    assert '<img class="emblem"' in home  # the header keeps what the circular asks
    src = tag.split('src="')[1].split('"')[0]
    served = visitor.get(src)  # public while it is the banner, to readers too
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert 'class="banner-image"' not in host_client(app, B_HOST).get("/").text

    with app.app_context(), tenant_scope(site.id):
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "site.banner_changed" in actions

    assert post(admin, REMOVE).status_code == 302
    assert banner_of(app, site) is None
    assert 'class="banner-image"' not in visitor.get("/").text
    assert visitor.get(src).status_code == 404  # no longer public


@pytest.mark.parametrize(("data", "name", "alt"), [
    (picture(), "bieu-ngu.png", ""),                       # no text alternative
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "bieu-ngu.pdf", ALT),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "bieu-ngu.png", ALT),  # disguised
    (b"", "bieu-ngu.png", ALT),                           # empty
])
def test_the_banner_must_be_an_image_with_its_text_alternative(app, site, data, name, alt):
    admin = staff_client(app, site, "site_admin")
    response = upload(admin, data, name, alt)
    assert response.status_code in (400, 422)
    assert 'class="form-error"' in response.text or 'role="alert"' in response.text
    assert banner_of(app, site) is None


def test_only_site_admins_set_the_banner(app, site):
    editor = staff_client(app, site, "editor")
    assert upload(editor, picture()).status_code == 403
    assert banner_of(app, site) is None
