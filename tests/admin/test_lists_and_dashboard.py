"""The content list (filters, title search with or without diacritics, pages) and the
dashboard (my drafts, waiting for my approval within my categories, overdue, recently
published)."""

from __future__ import annotations

import re

import pytest

from hub.content.models import ContentType
from hub.directory.models import Category
from hub.extensions import db
from hub.workflow.models import ApproverScope
from tenants.context import tenant_scope
from tests.admin.helpers import (
    email_of,
    make_item,
    make_staff,
    section,
    staff_client,
)


def listed(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-item-id="(\d+)"', html)]


def make_category(app, site, name: str, slug: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), tenant_scope(site.id):
        category = Category(name=name, slug=slug)
        db.session.add(category)
        db.session.commit()
        return category.id


@pytest.fixture
def newsroom(app, two_sites):  # type: ignore[no-untyped-def]
    """A site with a few items of different types, states, authors and categories."""
    site, other = two_sites
    make_staff(app, site, ("editor", "approver", "contributor"))
    make_staff(app, other, ("editor",))
    editor, contributor = email_of("editor", site), email_of("contributor", site)
    land = make_category(app, site, "Đất đai", "dat-dai")
    ids = {
        "land_law": make_item(app, site, editor, title="Luật Đất đai 2024 có hiệu lực",
                              category_id=land),
        "land_guide": make_item(app, site, contributor, steps=("submit",),
                                title="Hướng dẫn thủ tục ĐẤT ĐAI cho người dân"),
        "science": make_item(app, site, editor, steps=("submit", "approve"),
                             approver_email=email_of("approver", site),
                             title="Hội thảo khoa học công nghệ"),
        "document": make_item(app, site, editor, content_type=ContentType.LEGAL_DOCUMENT,
                              title="Quyết định về giá đất", number="12/2024/QĐ-UBND",
                              document_type="quyet_dinh", issuer="UBND tỉnh",
                              issued_on="2024-03-01"),
    }
    # Another site's item with the same words never shows here.
    ids["foreign"] = make_item(app, other, email_of("editor", other),
                               title="Đất đai xã Thống Nhất")
    return site, ids, land


def test_title_search_ignores_case_and_diacritics(app, newsroom):
    site, ids, _land = newsroom
    client = staff_client(app, site, "editor")
    for query in ("dat dai", "Đất Đai", "DAT   DAI", "đất   đai"):
        found = listed(client.get("/quan-tri/noi-dung", query_string={"q": query}).text)
        assert sorted(found) == sorted([ids["land_law"], ids["land_guide"]]), query
    assert listed(client.get("/quan-tri/noi-dung?q=gia+dat").text) == [ids["document"]]
    assert len(listed(client.get("/quan-tri/noi-dung?q=dat").text)) == 3  # giá đất too
    assert listed(client.get("/quan-tri/noi-dung?q=không+có+gì").text) == []


def test_filters_by_type_status_category_author_and_deadline(app, newsroom, two_sites):
    site, ids, land = newsroom
    client = staff_client(app, site, "editor")

    def found(**args: str) -> list[int]:
        response = client.get("/quan-tri/noi-dung", query_string=args)
        assert response.status_code == 200
        return sorted(listed(response.text))

    assert found() == sorted(v for k, v in ids.items() if k != "foreign")
    assert found(type="legal_document") == [ids["document"]]
    assert found(status="submitted") == [ids["land_guide"]]
    assert found(status="published") == [ids["science"]]
    assert found(category=str(land)) == [ids["land_law"]]
    with app.app_context(), tenant_scope(site.id):
        from sqlalchemy import select

        from hub.accounts.models import User
        contributor_id = db.session.scalar(
            select(User.id).where(User.email == email_of("contributor", site)))
    assert found(author=str(contributor_id)) == [ids["land_guide"]]
    # A legal document issued in March 2024 was due 3 working days later.
    assert found(due="overdue") == [ids["document"]]
    assert found(type="article", q="dat dai", status="draft") == [ids["land_law"]]
    page = client.get("/quan-tri/noi-dung").text
    assert "<caption>" in page and 'data-status="submitted"' in page


def test_a_contributor_lists_only_their_own_items(app, newsroom):
    site, ids, _land = newsroom
    client = staff_client(app, site, "contributor")
    assert listed(client.get("/quan-tri/noi-dung").text) == [ids["land_guide"]]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999999999"])
def test_bad_page_numbers_are_refused(app, newsroom, page):
    site, _ids, _land = newsroom
    response = staff_client(app, site, "editor").get(f"/quan-tri/noi-dung?page={page}")
    assert response.status_code == 400
    assert 'id="page-error" role="alert"' in response.text


def test_unknown_filter_values_are_refused(app, newsroom):
    site, _ids, _land = newsroom
    client = staff_client(app, site, "editor")
    assert client.get("/quan-tri/noi-dung?status=deleted").status_code == 400
    assert client.get("/quan-tri/noi-dung?type=video").status_code == 400
    assert client.get("/quan-tri/noi-dung?category=999").status_code == 400


def test_a_page_past_the_end_shows_the_last_page(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    editor = email_of("editor", site)
    for number in range(27):
        make_item(app, site, editor, title=f"Tin số {number}")
    client = staff_client(app, site, "editor")
    first = client.get("/quan-tri/noi-dung").text
    assert len(listed(first)) == 25 and 'rel="next"' in first
    last = client.get("/quan-tri/noi-dung?page=7")
    assert last.status_code == 200 and len(listed(last.text)) == 2
    assert 'aria-current="page">2<' in last.text


def test_the_dashboard_shows_my_work_and_what_is_due(app, newsroom):
    site, ids, _land = newsroom
    html = staff_client(app, site, "editor").get("/quan-tri/").text
    mine = section(html, "my-drafts")
    assert f'data-item-id="{ids["land_law"]}"' in mine
    assert f'data-item-id="{ids["land_guide"]}"' not in mine  # the contributor's
    assert 'aria-labelledby="awaiting"' not in html  # an editor approves nothing
    assert f'data-item-id="{ids["document"]}"' in section(html, "overdue")
    assert f'data-item-id="{ids["science"]}"' in section(html, "published")


def test_an_approver_limited_to_a_category_waits_only_for_its_items(app, newsroom):
    """004 Article 14: the head approves Party items, the deputy government items."""
    site, ids, land = newsroom
    editor = email_of("editor", site)
    in_land = make_item(app, site, editor, steps=("submit",), title="Đo đạc bản đồ địa chính",
                        category_id=land)
    with app.app_context(), tenant_scope(site.id):
        from sqlalchemy import select

        from hub.accounts.models import User
        approver_id = db.session.scalar(
            select(User.id).where(User.email == email_of("approver", site)))
        db.session.add(ApproverScope(user_id=approver_id, category_id=land))
        db.session.commit()
    html = staff_client(app, site, "approver").get("/quan-tri/").text
    waiting = section(html, "awaiting")
    assert f'data-item-id="{in_land}"' in waiting
    assert f'data-item-id="{ids["land_guide"]}"' not in waiting  # no category: not theirs
