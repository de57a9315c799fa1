"""The people and contacts directory (Article 5.1.e): name, title, unit, phone, fax,
email; leaders' biographies and duties as cleaned rich text; a photo that must be an
image with a description."""

from __future__ import annotations

from sqlalchemy import func, select

from hub.directory.models import Person
from hub.extensions import db
from hub.files.models import Attachment
from tenants.context import tenant_scope, unscoped
from tests.content.conftest import A_HOST, staff_client, token, translated
from tests.content.factories import file_storage, make_person, pdf_bytes, png_bytes
from tests.factories import host_client

LEADER = {
    "name": "Nguyễn Văn An", "title": "Giám đốc", "unit": "Sở Khoa học và Công nghệ",
    "phone": "(0205) 3812 345", "fax": "0205.3812.346", "email": "An.NV@LangSon.gov.vn",
    "locale": "vi", "is_leader": "y", "position": "1",
    "biography": '<p onclick="alert(1)">Sinh năm 1975.<script>alert(1)</script></p>',
    "duties": "<ul><li>Phụ trách chung</li></ul>",
}


def people_of(app, site) -> list[Person]:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        rows = db.session.scalars(select(Person).order_by(Person.id)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def attachments(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), unscoped():
        return db.session.scalar(select(func.count(Attachment.id)))


def save(client, path: str = "/quan-tri/can-bo/moi", **data):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": token(client), **LEADER, **data},
                       content_type="multipart/form-data")


def test_an_editor_adds_a_leader_with_clean_rich_text(app, site_a, editor):
    response = save(editor)
    assert response.status_code == 302
    [person] = people_of(app, site_a)
    assert (person.name, person.title, person.phone, person.email) == (
        "Nguyễn Văn An", "Giám đốc", "(0205) 3812 345", "an.nv@langson.gov.vn")
    assert person.is_leader and person.position == 1
    assert person.biography == "<p>Sinh năm 1975.</p>"
    assert person.duties == "<ul><li>Phụ trách chung</li></ul>"
    assert "Nguyễn Văn An" in editor.get("/quan-tri/can-bo").text


def test_a_photo_needs_a_description_and_must_be_an_image(app, site_a, editor):
    response = save(editor, photo=file_storage(png_bytes(), "an.png"), photo_alt="")
    assert response.status_code == 400
    assert translated(app, "Please describe the image in its alternative text, for "
                           "readers who cannot see it.") in response.text
    response = save(editor, photo=file_storage(pdf_bytes(), "an.pdf"), photo_alt="Ảnh")
    assert response.status_code == 400
    assert translated(app, "Please choose an image (JPEG, PNG, GIF or WebP).") in response.text
    assert people_of(app, site_a) == [] and attachments(app) == 0

    response = save(editor, photo=file_storage(png_bytes(), "an.png"),
                    photo_alt="Chân dung ông Nguyễn Văn An")
    assert response.status_code == 302
    [person] = people_of(app, site_a)
    page = host_client(app, A_HOST).get(f"/tep/{person.photo_id}/an.png")
    assert page.status_code == 200  # a leader's photo is public


def test_an_image_without_description_in_the_biography_is_refused(app, site_a, editor):
    response = save(editor, biography='<p><img src="/tep/1/a.png"></p>')
    assert response.status_code == 400
    assert translated(app, "Every image in the text needs an alternative text describing "
                           "it.") in response.text
    assert people_of(app, site_a) == []


def test_bad_contacts_are_refused(app, site_a, editor):
    response = save(editor, email="khong-phai-email", phone="0205<script>")
    assert response.status_code == 400
    assert translated(app, "Please enter a valid email address.") in response.text
    assert people_of(app, site_a) == []


def test_a_person_is_edited_and_removed(app, site_a, editor):
    save(editor, photo=file_storage(png_bytes(), "an.png"), photo_alt="Chân dung")
    [person] = people_of(app, site_a)
    page = editor.get(f"/quan-tri/can-bo/{person.id}").text
    assert 'value="Nguyễn Văn An"' in page and 'value="Chân dung"' in page
    # Saving without a new photo keeps the photo, with its description updated.
    response = save(editor, f"/quan-tri/can-bo/{person.id}", title="Phó Giám đốc",
                    photo_alt="Chân dung ông An")
    assert response.status_code == 302
    [person] = people_of(app, site_a)
    assert person.title == "Phó Giám đốc" and person.photo_id is not None
    with app.app_context(), tenant_scope(site_a.id):
        assert db.session.get(Attachment, person.photo_id).alt_text == "Chân dung ông An"
    # Keeping a photo with no description is refused.
    assert save(editor, f"/quan-tri/can-bo/{person.id}",
                photo_alt="").status_code == 400
    response = editor.post(f"/quan-tri/can-bo/{person.id}/xoa",
                           data={"csrf_token": token(editor)})
    assert response.status_code == 302
    assert people_of(app, site_a) == []


def test_who_may_manage_the_directory(app, site_a):
    person = make_person(app, site_a)
    contributor = staff_client(app, site_a, "contributor")
    assert contributor.get("/quan-tri/can-bo").status_code == 403
    assert save(contributor).status_code == 403
    assert contributor.post(f"/quan-tri/can-bo/{person}/xoa",
                            data={"csrf_token": token(contributor)}).status_code == 403
    assert len(people_of(app, site_a)) == 1
    admin = staff_client(app, site_a, "site_admin")
    assert admin.get("/quan-tri/can-bo").status_code == 200
