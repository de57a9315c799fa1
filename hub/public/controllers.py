"""Handlers of the public site. Load (published, this host's tenant and language) ->
render; the tenant scope and ``PUBLIC_STATES`` do the access check."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hub.cache.memo import tenant_memo
from hub.content.models import (
    Article,
    ArticleKind,
    ContentItem,
    DocumentRelation,
    LegalDocument,
    Page,
    PageKind,
    Procedure,
)
from hub.core.clock import local_today
from hub.core.http import fail
from hub.directory.models import Person
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import content_disposition
from hub.public import registers
from hub.public.categories import site_categories
from hub.public.layout import site_chrome
from hub.public.lists import list_entries, read_entries, related_items
from hub.public.queries import (
    current_locale,
    paginate,
    photo_gallery,
    public_item_or_404,
    public_items,
)
from hub.public.sites import component_sites
from hub.public.statements import home_blocks
from hub.public.urls import TYPES_BY_SECTION
from tenants.context import current_tenant_id
from tenants.models import Tenant

# Links every home page offers (Article 10.3): the Government portal and ministries.
GOVERNMENT_LINKS = (
    ("https://chinhphu.vn", _l("Government of Viet Nam portal")),
    ("https://dichvucong.gov.vn", _l("National Public Service Portal")),
    ("https://vanban.chinhphu.vn", _l("Government legal documents system")),
    ("https://moha.gov.vn", _l("Ministry of Home Affairs")),
    ("https://mof.gov.vn", _l("Ministry of Finance")),
    ("https://most.gov.vn", _l("Ministry of Science and Technology")),
)


def home() -> str:
    monday = registers.iso_week(None, local_today())
    blocks = home_blocks(current_locale())
    return render_template(
        "public/home.html",
        featured=read_entries(blocks.featured), news=read_entries(blocks.news),
        documents=db.session.execute(blocks.documents).all(),
        procedures=read_entries(blocks.procedures),
        week=registers.week_schedule(monday), week_label=registers.week_label(monday),
        links=site_chrome().links, government_links=GOVERNMENT_LINKS,
        sites=tenant_memo("component_sites", _component_sites))


def _component_sites() -> list | None:  # type: ignore[type-arg]
    """The province portal's list of every site under it (None on other sites): kept
    until the province's content generation changes, which a new, renamed, moved or
    closed site bumps."""
    tenant = db.get_or_404(Tenant, current_tenant_id())
    return component_sites(tenant, current_locale()) if tenant.parent_id is None else None


def news() -> str:
    return render_template("public/news_list.html", heading=_("News"),
                           pagination=paginate(public_items(Article), load=list_entries))


def category(slug: str) -> str:
    categories = site_categories()
    found = categories.by_slug.get(slug)
    if found is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    ids = categories.with_descendants(found.id)
    return render_template(
        "public/news_list.html", heading=found.name, category=found,
        pagination=paginate(public_items().where(ContentItem.category_id.in_(ids)),
                            load=list_entries))


def article(slug: str) -> str:
    item, files = public_item_or_404(Article, slug)
    return render_template("public/article.html", item=item, files=files,
                           related=related_items(item),
                           category=site_categories().by_id.get(item.category_id),
                           gallery=photo_gallery(item) if item.kind == ArticleKind.PHOTO
                           else [])


def document_list() -> str:
    register = registers.document_register()
    return render_template("public/documents.html", register=register,
                           pagination=paginate(register.query))


def document(slug: str) -> str:
    item, files = public_item_or_404(LegalDocument, slug)
    relations = db.session.scalars(select(DocumentRelation).where(
        (DocumentRelation.document_id == item.id)
        | (DocumentRelation.target_id == item.id))).all()
    # Every linked document the public may see, in one query however many there are.
    public = {doc.id: doc for doc in db.session.scalars(public_items(LegalDocument).where(
        LegalDocument.id.in_({r.document_id for r in relations}
                             | {r.target_id for r in relations})))}
    outgoing = [(r.relation, public[r.target_id]) for r in relations
                if r.document_id == item.id and r.target_id in public]
    incoming = [(r.relation, public[r.document_id]) for r in relations
                if r.target_id == item.id and r.document_id in public]
    return render_template("public/document.html", item=item, files=files,
                           outgoing=outgoing, incoming=incoming)


def procedure_list() -> str:
    register = registers.procedure_register()
    return render_template("public/procedures.html", register=register,
                           pagination=paginate(register.query))


def procedure(slug: str) -> str:
    item, files = public_item_or_404(Procedure, slug)
    return render_template("public/procedure.html", item=item, files=files)


def schedule() -> str:
    monday = registers.iso_week(request.args.get("tuan"), local_today())
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return render_template(
        "public/schedule.html", week=registers.week_schedule(monday),
        label=registers.week_label(monday), monday=monday,
        previous=registers.week_label(previous) if registers.week_on_calendar(previous)
        else None,
        next=registers.week_label(following) if registers.week_on_calendar(following)
        else None)


def generic_item(section: str, slug: str) -> str:
    """Schedule entries and disclosures: one page showing the item and its files."""
    model = ContentItem.__mapper__.polymorphic_map[TYPES_BY_SECTION[section]].class_
    item, files = public_item_or_404(model, slug)
    return render_template("public/item.html", item=item, files=files)


def disclosure_list() -> str:
    register = registers.disclosure_register()
    return render_template("public/disclosures.html", register=register,
                           pagination=paginate(register.query))


def page_list() -> str:
    query = public_items(Page).order_by(None).order_by(Page.position, Page.title)
    return render_template("public/news_list.html", heading=_("Introduction"),
                           pagination=paginate(query, load=list_entries))


def page(slug: str) -> str:
    item, files = public_item_or_404(Page, slug)
    return render_template("public/page.html", item=item, files=files)


def organisation() -> str:
    item = db.session.scalar(public_items(Page).where(Page.kind == PageKind.ORGANISATION)
                             .limit(1))
    units = [line for line in (item.org_tree or "").splitlines() if line.strip()] \
        if item is not None else []
    chart = db.session.get(Attachment, item.org_chart_id) \
        if item is not None and item.org_chart_id else None
    return render_template("public/organisation.html", item=item, units=units, chart=chart)


def _people(leaders_only: bool) -> list[Person]:
    query = select(Person).where(Person.locale == current_locale()) \
        .options(joinedload(Person.photo)).order_by(Person.position, Person.name)
    if leaders_only:
        query = query.where(Person.is_leader.is_(True))
    return list(db.session.scalars(query))


def leaders() -> str:
    return render_template("public/leaders.html", people=_people(True))


def contacts() -> str:
    return render_template("public/contacts.html", people=_people(False))


def _any_item(section: str, slug: str) -> ContentItem:
    content_type = TYPES_BY_SECTION.get(section)
    if content_type is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    model = ContentItem.__mapper__.polymorphic_map[content_type].class_
    item, _files = public_item_or_404(model, slug)  # the print view lists no files
    return item


def print_view(section: str, slug: str) -> str:
    """In ấn (Article 10.3): the item alone, with the print stylesheet, no navigation."""
    return render_template("public/item_print.html", item=_any_item(section, slug),
                           standalone=False)


def download(section: str, slug: str) -> Response:
    """Lưu trữ (Article 10.3): the item as one self-contained HTML file to keep."""
    item = _any_item(section, slug)
    html = render_template("public/item_print.html", item=item, standalone=True,
                           inline_css=_stylesheet())
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = content_disposition(
        "attachment", f"{item.slug}.html")
    return response


def _stylesheet() -> str:
    from flask import current_app
    with current_app.open_resource("static/portal.css", "r") as handle:
        return handle.read()

