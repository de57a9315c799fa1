"""Dates, times and numbers as each host's readers write them, on real pages: Vietnamese
hosts ``Thứ Hai, 23/11/2026`` and ``1.234``, English hosts ``Monday, 23 November 2026``
and ``1,234``, always in Viet Nam's time.

And the outdated note ("Until then the English page keeps the last approved
translation with a visible note that the Vietnamese original was updated on a given
date"): every public page of a translation whose original changed says so, with the
date in the page's language, on its print and download views too, and the page cache
never hides the note nor keeps it once the translation is brought up to date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_date
from sqlalchemy import select

from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem, ContentType
from hub.core.clock import local_today
from hub.core.clock import local_today as today
from hub.extensions import db
from hub.public.urls import SECTIONS
from hub.stats.models import PageViewCount
from tenants.context import tenant_scope
from tests.public.conftest import ENGLISH, PROVINCE, client_for, publish, sites, slug_of

__all__ = ["sites"]  # the fixture of tests/public

# 20:00 UTC on the 22nd is already the morning of Monday 23 November in Viet Nam.
MONDAY_MORNING = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
NOTE = ("The Vietnamese original of this page was updated on {date}. This translation "
        "will be brought up to date.")


def _set(app, site, item_id: int, **values: Any) -> None:  # type: ignore[no-untyped-def]
    """Change columns of an item as a service would: through the ORM, then commit (which
    also invalidates the site's cached pages)."""
    with app.app_context(), tenant_scope(site.id):
        item = db.session.get(ContentItem, item_id)
        for name, value in values.items():
            setattr(item, name, value)
        db.session.commit()


def _pair(app, province, content_type: str, **data: Any) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A published Vietnamese item and its published English translation: their paths."""
    source = publish(app, province, content_type, **data)
    english = publish(app, province, content_type, **{
        **data, "locale": "en", "translation_of_id": source,
        "title": f"English {content_type.replace('_', ' ')}"})
    section = SECTIONS[ContentType(content_type)]
    return (f"/{section}/{slug_of(app, province, source)}",
            f"/{section}/{slug_of(app, province, english)}")


def test_an_article_is_dated_the_way_each_host_reads(app, sites):
    province = sites["province"]
    source = publish(app, province, "article", title="Hội nghị xúc tiến du lịch")
    english = publish(app, province, "article", locale="en", translation_of_id=source,
                      title="Tourism promotion conference")
    for item_id in (source, english):
        _set(app, province, item_id, published_at=MONDAY_MORNING)
    vietnamese, english_client = client_for(app, PROVINCE), client_for(app, ENGLISH)

    listing = vietnamese.get("/tin-tuc").text
    assert "Thứ Hai, 23/11/2026" in listing and "November" not in listing
    page = vietnamese.get(f"/tin-tuc/{slug_of(app, province, source)}").text
    assert "23/11/2026 03:00" in page

    listing = english_client.get("/tin-tuc").text
    assert "Monday, 23 November 2026" in listing and "23/11/2026" not in listing
    page = english_client.get(f"/tin-tuc/{slug_of(app, province, english)}").text
    assert "23 November 2026 03:00" in page
    assert 'datetime="2026-11-23T03:00:00+07:00"' in page  # ISO 8601 with its offset


def test_the_schedule_and_the_document_register_are_dated_per_host(app, sites):
    province = sites["province"]
    for locale, title in (("vi", "Họp giao ban tuần"), ("en", "Weekly briefing")):
        publish(app, province, "schedule_entry", locale=locale, title=title,
                day="2026-11-23")
        publish(app, province, "legal_document", locale=locale, issued_on="2024-10-15")
    vietnamese = client_for(app, PROVINCE)
    week = vietnamese.get("/lich-cong-tac?tuan=2026-W48").text
    assert "Thứ Hai, 23/11/2026" in week and "Chủ Nhật, 29/11/2026" in week
    assert "15/10/2024" in vietnamese.get("/van-ban-quy-pham-phap-luat").text

    english = client_for(app, ENGLISH)
    week = english.get("/lich-cong-tac?tuan=2026-W48").text
    assert "Week from Monday, 23 November 2026 to Sunday, 29 November 2026" in week
    register = english.get("/van-ban-quy-pham-phap-luat").text
    assert "15 October 2024" in register and "15/10/2024" not in register


def _visit_numbers(html: str) -> list[str]:
    block = re.search(r'<section class="visit-stats".*?</section>', html, re.S)
    assert block, "the home page has no visitor statistics"
    return re.findall(r"<dd>([^<]*)</dd>", block.group(0))


def test_visitor_numbers_are_grouped_per_host(app, sites):

    province = sites["province"]
    with app.app_context(), tenant_scope(province.id):
        db.session.add(PageViewCount(item_id=0, day=today(), views=1234))
        db.session.add(PageViewCount(item_id=0, day=date(2020, 1, 1), views=1_233_000))
        db.session.commit()
    today_vi, _month, total_vi = _visit_numbers(client_for(app, PROVINCE).get("/").text)
    assert (today_vi, total_vi) == ("1.234", "1.234.234")
    today_en, _month, total_en = _visit_numbers(client_for(app, ENGLISH).get("/").text)
    assert (today_en, total_en) == ("1,234", "1,234,234")


# --- the outdated note --------------------------------------------------------------

ITEM_TYPES = ("article", "page", "legal_document", "procedure", "schedule_entry",
              "disclosure")


def test_every_page_of_an_outdated_translation_says_when_the_original_changed(app, sites):
    province = sites["province"]
    english_paths = {}
    for content_type in ITEM_TYPES:
        extra = {"kind": "organisation"} if content_type == "page" else {}
        english_paths[content_type] = _pair(app, province, content_type, **extra)[1]
    english = client_for(app, ENGLISH)
    views = [view for path in english_paths.values()
             for view in (path, f"{path}/in", f"{path}/tai-ve")] + ["/co-cau-to-chuc"]
    note = NOTE.format(date="23 November 2026")
    for view in views:  # fills the page cache with the up-to-date pages
        response = english.get(view)
        assert response.status_code == 200 and "Vietnamese original" not in response.text
    assert len(app.extensions["portal_page_cache"]) > 0

    with app.app_context(), tenant_scope(province.id):
        translations = db.session.scalars(select(ContentItem.id).where(
            ContentItem.locale == "en")).all()
    for item_id in translations:
        _set(app, province, item_id, source_changed_at=MONDAY_MORNING)
    for view in views:
        text = english.get(view).text
        assert text.count(note) == 1, view

    # An updated translation approved: the note goes, from cached pages as well.
    for item_id in translations:
        _set(app, province, item_id, source_changed_at=None)
    for view in views:
        assert "Vietnamese original" not in english.get(view).text, view


def test_editing_the_original_puts_the_note_on_the_english_page(app, sites):
    """The whole path: an editor changes the Vietnamese original through the workflow's
    service; the translation (made by hand, from an older revision) is marked outdated
    and its cached English page shows today's date."""
    province = sites["province"]
    vi_path, en_path = _pair(app, province, "article", title="Lạng Sơn đón khách")
    english = client_for(app, ENGLISH)
    assert "Vietnamese original" not in english.get(en_path).text
    with app.app_context(), tenant_scope(province.id):
        source = db.session.scalar(select(ContentItem).where(
            ContentItem.locale == "vi", ContentItem.title == "Lạng Sơn đón khách"))
        editor = db.session.scalar(select(User).where(
            User.email == f"editor@{province.slug}.gov.vn"))
        operations.save_item(source, {"summary": "Thêm thông tin mới."}, editor,
                             source.revision)
        db.session.commit()
    with app.app_context():
        today = local_today()
    page = english.get(en_path).text
    assert NOTE.format(date=format_date(today, "d MMMM yyyy", locale="en")) in page
    assert "Vietnamese original" not in client_for(app, PROVINCE).get(vi_path).text
