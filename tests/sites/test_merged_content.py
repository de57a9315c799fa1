"""A merged site's content stays findable (the 2025 reorganisation): its items move to
the site that took it over, each old address leads to the item where it lives now —
never a 404, never another item with the same slug — and search points there too."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations as content
from hub.content.models import ContentItem, Revision
from hub.extensions import db
from hub.files.models import Attachment
from search.documents import documents_for, items_with_their_columns
from search.models import SearchOutbox
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.content.factories import make_attachment, make_item
from tests.factories import create_site, create_user, host_client
from tests.sites.helpers import SITES, audit, office_client, post_form

OLD_HOST = "xadongtien.langson.localhost"
NEW_HOST = "xathongnhat.langson.localhost"
NEWS = {"title": "Hội nghị khoa học năm 2026", "summary": "Sáng 23/11 khai mạc.",
        "body": "<p>Nội dung hội nghị.</p>", "kind": "news"}


def publish(app: Flask, site: Tenant, data: dict[str, Any], kind: str = "article") -> int:
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == f"editor@{site.slug}.vn"))
        item = content.create_item(kind, data, user)
        for step in ("submit", "approve"):
            content.transition(item, step, user)
        db.session.commit()
        return item.id


@pytest.fixture
def merging(app: Flask, province: Tenant) -> dict[str, Any]:
    old = create_site(app, "xadongtien.langson", "Xã Đồng Tiến", parent=province,
                      hosts=(OLD_HOST,))
    new = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", parent=province,
                      hosts=(NEW_HOST,))
    for site in (old, new):
        create_user(app, f"editor@{site.slug}.vn", {site: ["editor", "approver"]})
    same_slug_there = publish(app, new, NEWS)
    moved_clash = publish(app, old, NEWS)                 # same title, same slug
    moved_plain = publish(app, old, {**NEWS, "title": "Lễ hội mùa xuân Đồng Tiến"})
    file_id = make_attachment(app, old)
    with_file = make_item(app, old, title="Quyết định có tệp", attachment_id=file_id)
    return {"old": old, "new": new, "there": same_slug_there, "clash": moved_clash,
            "plain": moved_plain, "file": file_id, "with_file": with_file}


def item(app: Flask, item_id: int) -> ContentItem:
    with app.app_context(), unscoped():
        row = db.session.get(ContentItem, item_id)
        assert row is not None
        db.session.expunge(row)
        return row


def merge_over_http(app: Flask, old: Tenant, new: Tenant) -> Any:
    client = office_client(app)
    preview = client.get(f"{SITES}/{old.id}/sap-nhap?into={new.id}")
    assert preview.status_code == 200
    response = post_form(client, f"{SITES}/{old.id}/sap-nhap", {"into": new.id},
                         form_path=f"{SITES}/{old.id}/sap-nhap?into={new.id}")
    assert response.status_code == 302, response.text[:400]
    return preview


def test_the_preview_counts_the_content_that_moves(app, merging):
    preview = merge_over_http(app, merging["old"], merging["new"])
    assert "merge-contents" in preview.text
    # three articles: two published through the workflow, one with a file
    assert '<td>3</td>' in preview.text
    assert OLD_HOST in preview.text


def test_every_old_item_address_leads_to_the_item_on_the_successor(app, merging):
    old_plain, old_clash = item(app, merging["plain"]), item(app, merging["clash"])
    merge_over_http(app, merging["old"], merging["new"])
    plain, clash = item(app, merging["plain"]), item(app, merging["clash"])
    assert plain.tenant_id == clash.tenant_id == merging["new"].id
    assert [action for action, _ in audit(app, merging["new"].id)
            if action.startswith("tenant.")] == ["tenant.content_moved"]
    assert plain.slug == old_plain.slug                      # free on the successor
    assert clash.slug == f"{old_clash.slug}-xadongtien"      # taken there: renamed

    visitor = host_client(app, OLD_HOST)
    for old, new in ((old_plain, plain), (old_clash, clash)):
        hop = visitor.get(f"/tin-tuc/{old.slug}")
        assert hop.status_code == 301
        assert hop.headers["Location"] == f"http://{NEW_HOST}/tin-tuc/{new.slug}"
        page = host_client(app, NEW_HOST).get(f"/tin-tuc/{new.slug}")
        assert page.status_code == 200 and new.title in page.text
    printed = visitor.get(f"/tin-tuc/{old_clash.slug}/in")
    assert printed.headers["Location"] == f"http://{NEW_HOST}/tin-tuc/{clash.slug}/in"
    assert host_client(app, NEW_HOST).get(f"/tin-tuc/{clash.slug}/in").status_code == 200
    # the successor's own item with that slug is untouched
    assert item(app, merging["there"]).slug == old_clash.slug


def test_revisions_and_files_move_with_their_items(app, merging):
    merge_over_http(app, merging["old"], merging["new"])
    new_id = merging["new"].id
    with app.app_context(), unscoped():
        assert {r.tenant_id for r in db.session.scalars(select(Revision).where(
            Revision.item_id == merging["clash"]))} == {new_id}
        attachment = db.session.get(Attachment, merging["file"])
        assert attachment is not None and attachment.tenant_id == new_id
    with_file = item(app, merging["with_file"])
    page = host_client(app, NEW_HOST).get(f"/tin-tuc/{with_file.slug}")
    assert page.status_code == 200
    link = re.search(r'href="(?:http://[^/"]+)?(/tep/\d+/[^"]+)"', page.text)
    assert link is not None, "the moved item lists its file"
    assert host_client(app, NEW_HOST).get(link.group(1)).status_code == 200


def test_moved_items_are_indexed_again_where_they_live(app, merging):
    merge_over_http(app, merging["old"], merging["new"])
    with app.app_context(), unscoped():
        rows = db.session.scalars(select(SearchOutbox).where(
            SearchOutbox.reason == "moved")).all()
        assert {row.item_id for row in rows} == {merging["clash"], merging["plain"],
                                                 merging["with_file"]}
        assert {row.tenant_id for row in rows} == {merging["new"].id}
        docs = documents_for(db.session.scalars(items_with_their_columns().where(
            ContentItem.id == merging["clash"])))
        doc = docs[merging["clash"]]
        assert doc is not None and doc.url.startswith(f"https://{NEW_HOST}/tin-tuc/")
        assert doc.url.endswith("-xadongtien")


def test_an_old_address_follows_two_merges(app, province, merging):
    third = create_site(app, "xatanlap.langson", "Xã Tân Lập", parent=province,
                        hosts=("xatanlap.langson.localhost",))
    create_user(app, "editor@xatanlap.langson.vn", {third: ["editor", "approver"]})
    # the slug the first merge gives the clashing item is taken on the third site too
    publish(app, third, {**NEWS, "title": "Hội nghị khoa học năm 2026 xadongtien"})
    old_clash = item(app, merging["clash"])
    merge_over_http(app, merging["old"], merging["new"])
    client = office_client(app, "office2@langson.gov.vn")
    response = post_form(client, f"{SITES}/{merging['new'].id}/sap-nhap", {"into": third.id},
                         form_path=f"{SITES}/{merging['new'].id}/sap-nhap?into={third.id}")
    assert response.status_code == 302
    clash = item(app, merging["clash"])
    assert clash.tenant_id == third.id
    assert clash.slug == f"{old_clash.slug}-xadongtien-xathongnhat"
    hop = host_client(app, OLD_HOST).get(f"/tin-tuc/{old_clash.slug}")
    assert hop.status_code == 301
    assert hop.headers["Location"] == f"http://xatanlap.langson.localhost/tin-tuc/{clash.slug}"
    assert host_client(app, "xatanlap.langson.localhost").get(
        f"/tin-tuc/{clash.slug}").status_code == 200
