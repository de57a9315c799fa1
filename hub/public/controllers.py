"""Handlers of the public site. Load (published, this host's tenant and language) ->
render; the tenant scope and ``PUBLIC_STATES`` do the access check."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from hub.content.models import (
    Article,
    ArticleKind,
    ContentItem,
    DocumentRelation,
    LegalDocument,
    Page,
    PageKind,
    Procedure,
    Register,
)
from hub.core.clock import local_today
from hub.core.http import fail
from hub.directory.models import Person
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import content_disposition
from hub.public import registers
from hub.public.categories import site_categories
from hub.public.layout import current_site_name, enum_label
from hub.public.lists import entries_page, list_entries, related_items
from hub.public.queries import (
    current_locale,
    paginate,
    photo_gallery,
    public_item_or_404,
    public_items,
)
from hub.public.urls import (
    REGISTER_ENDPOINTS,
    SITE_FEED,
    TYPES_BY_SECTION,
    Feed,
    feed_path,
    public_path,
)


def news() -> str:
    return render_template("public/news_list.html", heading=_("News"),
                           feed=Feed(current_site_name(), SITE_FEED),
                           pagination=entries_page(Article))


def category(slug: str) -> str:
    categories = site_categories()
    found = categories.by_slug.get(slug)
    if found is None:
        fail(404, _("The page you are looking for does not exist or has been moved."))
    ids = categories.with_descendants(found.id)
    return render_template(
        "public/news_list.html", heading=found.name, category=found,
        feed=Feed(f"{found.name} – {current_site_name()}", feed_path("category", slug=slug)),
        pagination=paginate(public_items().where(ContentItem.category_id.in_(ids)),
                            load=list_entries))


def article(slug: str) -> str:
    item, files = public_item_or_404(Article, slug)
    return render_template("public/article.html", item=item, files=files,
                           related=related_items(item),
                           category=site_categories().by_id.get(item.category_id),
                           gallery=photo_gallery(item) if item.kind == ArticleKind.PHOTO
                           else [])


def normative_documents() -> str:
    return _document_list(Register.NORMATIVE)


def directive_documents() -> str:
    return _document_list(Register.DIRECTIVE)


def _document_list(register: Register) -> str:
    found, endpoint = registers.document_register(register), REGISTER_ENDPOINTS[register]
    return render_template(
        "public/documents.html", register=found, kind=register, endpoint=endpoint,
        feed=Feed(f"{enum_label(register)} – {current_site_name()}", feed_path(endpoint)),
        pagination=paginate(found.query))


def former_document_list() -> Response:
    """``/van-ban``, the one register of both kinds before they were split: to the
    register its type filter meant, with its filters."""
    register = registers.register_asked(request.args.get("loai"))
    query = request.query_string.decode("utf-8", "replace")
    return redirect(public_path(REGISTER_ENDPOINTS[register]) + (f"?{query}" if query
                                                                 else ""), 301)


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

