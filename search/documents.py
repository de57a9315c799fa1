"""Building the ``SearchDocument`` of a content item, or of a published question: what
the index knows of it.

Only items in ``PUBLIC_STATES`` become documents (``documents_for`` answers None for any
other), so the index can never hold a draft or a taken-down item; only questions in
state "published" do (``question_documents_for``), and of them only the ``public_*``
texts staff redacted — never the citizen's name, contact or own text. The site's path and
host come from ``tenants.models``, its name in the item's language too
(``Tenant.name_in``: an English item names "Lang Son Province"); the URL is the
canonical one of ``hub.content.addresses.item_url``, on the hosts of ``tenants.hosts``
(a question's is its page ``/hoi-dap/<id>`` on its site's host). An item's document
carries the text read from its attached files (``search.file_text``), and, for a copy
of one document on several sites, which parts of the province it heads
(``search.collapse``), worked out from every public copy in the database. Callers read
across sites, inside ``unscoped()``.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from flask_babel import force_locale
from sqlalchemy import Select, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import selectin_polymorphic

from hub.content.addresses import item_url
from hub.content.models import ContentItem, ContentType, LegalDocument, Procedure
from hub.extensions import db
from hub.questions.fields import field_label
from hub.questions.models import Question, QuestionState
from hub.workflow.states import PUBLIC_STATES
from search import analysis
from search.collapse import ALL_SITES, copy_key_of, heads_of, path_ids
from search.file_text import texts_of_items
from search.types import QUESTION, SearchDocument
from tenants.hosts import base_url, primary_hosts, site_host
from tenants.models import Tenant

_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|tr|td|th|table|ul|ol|blockquote)\b[^>]*>", re.I)


def html_to_text(markup: str) -> str:
    """The visible text of sanitised body HTML: tags dropped, entities decoded."""
    text = _BLOCK.sub(" ", markup or "")
    text = _TAG.sub("", text)
    return analysis.normalise(html.unescape(text))


def _value(item: ContentItem, name: str) -> str:
    value = getattr(item, name, "") or ""
    return str(getattr(value, "value", value))


def copy_key(item: ContentItem) -> str:
    """The key ``item`` shares with its copies on other sites, "" for none."""
    if not item.natural_key:
        return ""
    return copy_key_of(_value(item, "type"), item.locale, item.natural_key,
                       _value(item, "issuer"))


Copy = tuple[int, str, datetime]  # (item id, its site's path, published at)
GROUPED = (ContentType.LEGAL_DOCUMENT, ContentType.PROCEDURE)


def public_copies(natural_keys: Iterable[str]) -> dict[str, list[Copy]]:
    """Every public copy of the documents of these natural keys, by copy key."""
    keys = sorted(set(natural_keys))
    if not keys:
        return {}
    items, legal = ContentItem.__table__.c, LegalDocument.__table__.c
    rows = db.session.execute(
        select(items.id, items.type, items.locale, items.natural_key,
               func.coalesce(items.published_at, items.updated_at), Tenant.path, legal.issuer)
        .join(Tenant, Tenant.id == items.tenant_id)
        .outerjoin(LegalDocument.__table__, legal.id == items.id)
        .where(items.natural_key.in_(keys), items.type.in_(GROUPED),
               items.status.in_(PUBLIC_STATES)))
    groups: dict[str, list[Copy]] = {}
    for item_id, type_, locale, natural_key, published, path, issuer in rows:
        key = copy_key_of(type_.value, locale, natural_key, issuer or "")
        groups.setdefault(key, []).append((item_id, path or "/", published))
    return groups


def with_their_copies(item_ids: Iterable[int]) -> set[int]:
    """``item_ids`` and the ids of every public copy of their documents: a copy
    published, changed or withdrawn changes which copy heads where."""
    ids = set(item_ids)
    keys = set(db.session.scalars(
        select(ContentItem.natural_key).where(ContentItem.id.in_(ids),
                                              ContentItem.type.in_(GROUPED),
                                              ContentItem.natural_key.is_not(None))))
    if not keys:
        return ids
    return ids | set(db.session.scalars(
        select(ContentItem.id).where(ContentItem.natural_key.in_(keys),
                                     ContentItem.type.in_(GROUPED),
                                     ContentItem.status.in_(PUBLIC_STATES))))


def _heads(doc: SearchDocument, groups: dict[str, list[Copy]]) -> tuple[tuple[int, ...], int]:
    group = groups.get(doc.copy_key) if doc.copy_key else None
    if not group or doc.item_id not in {copy[0] for copy in group}:
        return (ALL_SITES, *path_ids(doc.tenant_path)), 1
    return heads_of(group)[doc.item_id], len(group)


def _document(item: ContentItem, tenant: Tenant | None, hosts: dict[int, dict[str, str]],
              files: list[tuple[str, str]]) -> SearchDocument | None:
    """The document of ``item``, or None when the public may not see it (``hosts``:
    ``primary_hosts`` of the batch; ``files``: its files' names and text)."""
    if item.status not in PUBLIC_STATES or tenant is None:
        return None
    url = item_url(item, external=True, hosts=hosts)
    # The site's host as registered, never the indexing request's port: the search
    # page adds the reader's scheme and port (``controllers.hit_url``).
    host = site_host(item.tenant_id, item.locale, hosts) or ""
    number = ""
    if isinstance(item, LegalDocument):
        number = item.number or ""
    elif isinstance(item, Procedure):
        number = item.code or ""
    published = item.published_at or item.updated_at or datetime.now(UTC)
    body = html_to_text(item.body)
    if isinstance(item, Procedure):
        # What a citizen searches a procedure for is often in its steps or dossier.
        body = " ".join(filter(None, (body, html_to_text(item.steps),
                                      html_to_text(item.dossier))))
    return SearchDocument(
        item_id=item.id, tenant_id=item.tenant_id, tenant_path=tenant.path or "/",
        site_name=tenant.name_in(item.locale), site_host=host, url=url,
        type=_value(item, "type"), locale=item.locale,
        title=analysis.normalise(item.title), summary=analysis.normalise(item.summary),
        body_text=body, published_at=published,
        category=item.category.name if getattr(item, "category", None) else "",
        document_type=_value(item, "document_type"),
        # A draft's drafting agency is its issuer for the facet of that name.
        issuer=_value(item, "issuer") or _value(item, "drafting_agency"),
        field=_value(item, "field"), document_number=analysis.normalise(number),
        number_key=analysis.number_key(number) if number else "",
        files=tuple(files), copy_key=copy_key(item))


def items_with_their_columns() -> Select[tuple[ContentItem]]:
    """SELECT of content items that loads each type's own columns (a document's number,
    a procedure's steps) with the batch, one query per type, not one per item."""
    subclasses = [mapper.class_ for mapper in sa_inspect(ContentItem).polymorphic_map.values()
                  if mapper.class_ is not ContentItem]
    return select(ContentItem).options(selectin_polymorphic(ContentItem, subclasses))


def documents_for(items: Iterable[ContentItem]) -> dict[int, SearchDocument | None]:
    """The document of each item (None: not public), their sites, hosts and files'
    text read at once; call unscoped."""
    items = list(items)
    tenant_ids = {item.tenant_id for item in items}
    tenants = {tenant.id: tenant for tenant in db.session.scalars(
        select(Tenant).where(Tenant.id.in_(tenant_ids)))} if tenant_ids else {}
    hosts = primary_hosts(tenant_ids)
    public = [item for item in items if item.status in PUBLIC_STATES]
    files = texts_of_items(item.id for item in public)
    groups = public_copies(item.natural_key for item in public if copy_key(item))
    documents: dict[int, SearchDocument | None] = {}
    for item in items:
        doc = _document(item, tenants.get(item.tenant_id), hosts, files.get(item.id, []))
        if doc is not None:
            heads, copies = _heads(doc, groups)
            doc = dataclasses.replace(doc, heads=heads, copies=copies)
        documents[item.id] = doc
    return documents


def all_public_documents(batch: int = 500) -> Iterator[SearchDocument]:
    """Every public item of every site (``flask search reindex``); call unscoped."""
    last = 0
    while True:
        items = db.session.scalars(
            items_with_their_columns().where(ContentItem.status.in_(PUBLIC_STATES),
                                             ContentItem.id > last)
            .order_by(ContentItem.id).limit(batch)).all()
        if not items:
            return
        yield from (doc for doc in documents_for(items).values() if doc is not None)
        last = items[-1].id
        db.session.expunge_all()  # keep memory flat over a million items


# --- questions (Hỏi – Đáp) -----------------------------------------------------------

QUESTION_PATH = "/hoi-dap/{id}"  # the rule ``questions.show``, written without a request


def _question_document(question: Question, tenant: Tenant | None,
                       hosts: dict[int, dict[str, str]]) -> SearchDocument | None:
    """The document of a published ``question``: its redacted title, question and
    answer; None when it is not published (nothing else of a question may be found)."""
    if question.state is not QuestionState.PUBLISHED or tenant is None:
        return None
    # The language the citizen wrote in, which staff answer and publish in: nearly
    # always Vietnamese, found from the Vietnamese hosts like the site's own items.
    locale = question.locale or "vi"
    host = site_host(question.tenant_id, locale, hosts) or ""
    path = QUESTION_PATH.format(id=question.id)
    with force_locale(locale):  # the field as the facet shows it on the site's hosts
        field = field_label(question.field)
    body = " ".join(filter(None, (analysis.normalise(question.public_body),
                                  html_to_text(question.public_answer))))
    return SearchDocument(
        item_id=question.id, source="question", tenant_id=question.tenant_id,
        tenant_path=tenant.path or "/", site_name=tenant.name_in(locale), site_host=host,
        url=f"{base_url(host)}{path}" if host else path, type=QUESTION, locale=locale,
        title=analysis.normalise(question.public_title), summary="", body_text=body,
        published_at=question.published_at or question.updated_at or datetime.now(UTC),
        field=field)


def question_documents_for(questions: Iterable[Question]
                           ) -> dict[int, SearchDocument | None]:
    """The document of each question (None: not published); call unscoped."""
    questions = list(questions)
    tenant_ids = {question.tenant_id for question in questions}
    tenants = {tenant.id: tenant for tenant in db.session.scalars(
        select(Tenant).where(Tenant.id.in_(tenant_ids)))} if tenant_ids else {}
    hosts = primary_hosts(tenant_ids)
    return {question.id: _question_document(question, tenants.get(question.tenant_id), hosts)
            for question in questions}


def all_public_question_documents(batch: int = 500) -> Iterator[SearchDocument]:
    """Every published question of every site (``flask search reindex``); call
    unscoped."""
    last = 0
    while True:
        questions = db.session.scalars(
            select(Question).where(Question.state == QuestionState.PUBLISHED,
                                   Question.id > last)
            .order_by(Question.id).limit(batch)).all()
        if not questions:
            return
        yield from (doc for doc in question_documents_for(questions).values()
                    if doc is not None)
        last = questions[-1].id
        db.session.expunge_all()
