"""The demo province's English portal (``english.<base>``): what 003 Article 7.1 asks in
English — the organisation and the functions, duties and powers of the province, and
the contacts of its officials — with news, an introduction and a procedure, under a main
menu that leads only to pages that exist in English.

The organisation and functions pages come through the translation workflow: the
province asks, the Department of Foreign Affairs (``songoaivu``) translates, the
province approves, and both are published; a news article waits in the translator's
queue. So the office's coverage screen shows the province complete.

Everything is English except personal names, which are written as the people write
them ("Hồ Tiến Thiệu"): a name is not translated. Site names follow ``Tenant.name_in``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.content.models import Article, ContentItem
from hub.demo.publishing import SiteContent, publish
from hub.directory.operations import save_category, save_menu_item, save_person
from hub.extensions import db
from hub.translation.models import TranslationRequest
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant

BYLINE = "Provincial Portal Editorial Board"
SOURCE = "Lang Son Province"

# (label, address) of the English main menu, the news category added after them.
MENU = (
    ("Introduction", "/gioi-thieu"),
    ("Organisation", "/co-cau-to-chuc"),
    ("Leaders", "/lanh-dao"),
    ("Contacts", "/danh-ba"),
    ("Administrative procedures", "/thu-tuc"),
)

ARTICLES = (
    ("Lang Son opens its new border economic zone",
     "The province welcomes investors to the Dong Dang border gate area.",
     "<p>The Provincial People's Committee presented the new border economic zone to "
     "investors from twelve countries.</p><p>Roads, customs facilities and logistics "
     "services are ready for the first companies in 2027.</p>"),
    ("Year-end review conference of the Provincial People's Committee",
     "The conference reviewed the results of 2026 and set the tasks for 2027.",
     "<p>Leaders of the departments and the communes reported on the year's work.</p>"
     "<h2>Tasks for 2027</h2><ul><li>Digital transformation</li>"
     "<li>Administrative reform</li></ul>"),
    ("Citizens can now file birth registrations online",
     "Birth registration is available end to end on the national public service portal.",
     "<p>Parents submit the declaration online and receive the birth certificate at "
     "the commune's one-stop office.</p>"),
)

# The officials of the Vietnamese directory (``fill_site``), in English.
PEOPLE = (
    ("Hồ Tiến Thiệu", "Chairman", True),
    ("Đoàn Thu Hà", "Vice Chairwoman", True),
    ("Lương Văn Minh", "Chief of Office", False),
)


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))  # type: ignore[return-value]


def fill_english(app: Flask, site: Tenant, host: str, user_email: str) -> SiteContent:
    """Publish the English portal of ``site`` on ``host``: news, an introduction, a
    procedure, the officials' contacts and the main menu. Commits."""
    out = SiteContent(host)
    with app.test_request_context("/", base_url=f"http://{host}/"), \
            tenant_scope(site.id):
        user = _user(user_email)
        news = save_category(None, name="News", locale="en", by=user)
        out.categories = [(news.id, news.slug)]
        for position, (label, url) in enumerate(MENU):
            save_menu_item(None, location="main", locale="en", label=label, url=url,
                           position=position, by=user)
        save_menu_item(None, location="main", locale="en", label="News",
                       category_id=news.id, position=len(MENU), by=user)
        for index, (title, summary, body) in enumerate(ARTICLES):
            publish("article", {"title": title, "summary": summary, "body": body,
                                 "category_id": str(news.id), "locale": "en",
                                 "kind": "news", "author_byline": BYLINE,
                                 "source": SOURCE, "featured": "1" if index == 0 else ""},
                     user, out)
        publish("page", {
            "title": "Introduction to Lang Son", "slug": "introduction", "locale": "en",
            "kind": "introduction", "author_byline": BYLINE, "source": SOURCE,
            "summary": "A mountainous border province in the north-east of Viet Nam.",
            "body": "<p>Lang Son borders the Guangxi Zhuang Autonomous Region of China "
                    "and is home to the Tay, Nung, Kinh, Dao and other peoples.</p>"},
            user, out)
        publish("procedure", {
            "title": "Birth registration", "code": "1.001193", "locale": "en",
            "field": "Civil status", "agency": "People's Committee of the commune",
            "service_level": "End to end online", "author_byline": BYLINE,
            "source": SOURCE,
            "steps": "<ol><li>Submit the declaration</li><li>Receive the certificate"
                     "</li></ol>",
            "dossier": "<p>The birth registration declaration.</p>",
            "processing_time": "Within the day", "fees": "Free of charge",
            "legal_basis": "<p>Law on Civil Status, 2014.</p>",
            "national_portal_url": "https://dichvucong.gov.vn/"}, user, out)
        _people(user)
        db.session.commit()
    return out


def _people(user: Any) -> None:
    for position, (name, title, leader) in enumerate(PEOPLE):
        save_person(None, values={
            "name": name, "title": f"{title}, Provincial People's Committee",
            "unit": "Provincial People's Committee", "phone": "+84 205 3812 345",
            "email": f"lienhe{position}@langson.gov.vn",
            "biography": "<p>Born in Lang Son Province.</p>" if leader else "",
            "duties": "<p>Directs the work of the Committee.</p>" if leader else "",
            "is_leader": leader, "position": position, "locale": "en"}, by=user)


DEMO_TRANSLATOR = "biendich1.songoaivu@langson.gov.vn"

# The province's pages of Article 7.1: (kind, Vietnamese title, body, English title, body)
REQUIRED_PAGES = (
    ("organisation", "Cơ cấu tổ chức", "<p>Ủy ban nhân dân tỉnh gồm Chủ tịch, các Phó "
     "Chủ tịch và các sở, ban, ngành.</p>", "Organisation", "<p>The Provincial "
     "People's Committee consists of the Chairman, the Vice Chairmen and the "
     "departments.</p>"),
    ("functions", "Chức năng, nhiệm vụ, quyền hạn", "<p>Ủy ban nhân dân tỉnh thực hiện "
     "quản lý nhà nước tại địa phương.</p>", "Functions, duties and powers",
     "<p>The Provincial People's Committee carries out state management in the "
     "province.</p>"),
)
CREDITS = {"author_byline": ("Văn phòng Ủy ban nhân dân tỉnh",
                             "Office of the Provincial People's Committee"),
           "source": ("Tỉnh Lạng Sơn", SOURCE)}


def translate_demo(app: Flask, province: Tenant, base_domain: str, user_email: str) -> None:
    """The translation workflow at work on the province: its organisation and
    functions pages asked, translated by the Department of Foreign Affairs and
    published in English; a news article being translated. Needs the demo's
    translation office."""
    from hub.translation.operations import (
        request_translation,
        save_draft,
        take_step,
        translation_offices,
    )

    office_host = f"songoaivu.{base_domain}"
    with unscoped():
        office = db.session.scalar(select(Tenant).join(Domain)
                                   .where(Domain.hostname == office_host))
    if office is None:
        return
    credits = {name: vietnamese for name, (vietnamese, _english) in CREDITS.items()}
    with app.test_request_context("/", base_url=f"http://{base_domain}/"), \
            tenant_scope(province.id):
        user = _user(user_email)
        out = SiteContent(base_domain)
        for kind, title, body, _en_title, _en_body in REQUIRED_PAGES:
            publish("page", {"title": title, "body": body, "kind": kind, **credits},
                     user, out)
        article = db.session.scalar(select(Article).where(Article.locale == "vi")
                                    .order_by(Article.id).limit(1))
        office_row = next(o for o in translation_offices(province) if o.id == office.id)
        sources = [db.session.get(ContentItem, item_id) for item_id, _slug
                   in out.items["page"]] + ([article] if article is not None else [])
        requests = [request_translation(
            item, user, office=office_row, target_locale="en", due_on=None,
            note="Bản dịch cho Cổng thông tin tiếng Anh (Điều 7.1)").id for item in sources]
        db.session.commit()
    english = [{"title": en_title, "body": en_body}
               for _kind, _title, _body, en_title, en_body in REQUIRED_PAGES]
    with app.test_request_context("/", base_url=f"http://{office_host}/"), \
            tenant_scope(office.id):
        translator = _user(DEMO_TRANSLATOR)
        for index, request_id in enumerate(requests):
            req = db.session.get(TranslationRequest, request_id)
            if index < len(english):
                values = {**english[index], **{name: en for name, (_vi, en)
                                               in CREDITS.items()}}
            else:  # the article: begun, not finished
                values = {"title": "Year-end review conference (draft translation)"}
            save_draft(req, values, translator, version=req.version,
                       source_revision=req.source_revision)
            if index < len(english):
                take_step(req, "submit", translator, version=req.version)
        db.session.commit()
    with app.test_request_context("/", base_url=f"http://{base_domain}/"), \
            tenant_scope(province.id):
        user = _user(user_email)
        for request_id in requests[:len(english)]:
            req = db.session.get(TranslationRequest, request_id)
            take_step(req, "approve", user, version=req.version)
        db.session.commit()
