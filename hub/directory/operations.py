"""Services of a site's categories, menus and people: they check the rules, change the
rows, audit, and flush. The request commits (or rolls everything back on an error).

Every query goes through the tenant scope, so ids and slugs are those of the current
site only. Rule breaks raise ``DirectoryError`` with the field it concerns (or None),
a translated reason and the HTTP status that fits.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from werkzeug.datastructures import FileStorage

from hub.audit.operations import record
from hub.core.sanitize import clean_html, clean_line, clean_text, missing_alt_images
from hub.core.slugs import slugify, unique_slug
from hub.directory import signals
from hub.directory.models import Category, Menu, MenuItem, Person
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import Mentions, UploadRejected, public_use, store_upload

MENU_LOCATIONS: dict[str, Any] = {
    "main": _l("Main menu"),
    "footer": _l("Footer menu"),
    "links": _l("Links"),
}


class DirectoryError(Exception):
    """A change refused by a rule; ``field`` is the form field it concerns, if any."""

    def __init__(self, reason: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.status = status


# --- categories (chuyên mục) ---------------------------------------------------------

def category_tree(locale: str | None = None) -> list[tuple[Category, int]]:
    """The site's categories in tree order, each with its depth (0 for the top)."""
    query = select(Category).order_by(Category.locale, Category.position, Category.name)
    if locale:
        query = query.where(Category.locale == locale)
    categories = db.session.scalars(query).all()
    known = {category.id for category in categories}
    children: dict[int | None, list[Category]] = defaultdict(list)
    for category in categories:
        parent = category.parent_id if category.parent_id in known else None
        children[parent].append(category)
    ordered: list[tuple[Category, int]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, depth: int) -> None:
        for category in children.get(parent_id, []):
            if category.id not in seen:  # a cycle in old data must not hang the page
                seen.add(category.id)
                ordered.append((category, depth))
                walk(category.id, depth + 1)

    walk(None, 0)
    return ordered


def descendant_ids(category: Category) -> set[int]:
    """Ids of every category below ``category`` (not itself)."""
    rows = db.session.execute(select(Category.id, Category.parent_id)).all()
    below: dict[int | None, list[int]] = defaultdict(list)
    for category_id, parent_id in rows:
        below[parent_id].append(category_id)
    found: set[int] = set()
    stack = list(below.get(category.id, []))
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(below.get(current, []))
    return found


def _slug_taken(slug: str, locale: str, except_id: int | None) -> bool:
    query = select(Category.id).where(Category.slug == slug, Category.locale == locale)
    if except_id is not None:
        query = query.where(Category.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def _category_parent(parent_id: int | None, locale: str,
                     category: Category | None) -> Category | None:
    if not parent_id:
        return None
    parent = db.session.get(Category, parent_id)
    if parent is None:
        raise DirectoryError(_("Please choose a parent category from the list."), "parent_id")
    if parent.locale != locale:
        raise DirectoryError(_("The parent category must be in the same language."),
                             "parent_id")
    if category is not None and (parent.id == category.id
                                 or parent.id in descendant_ids(category)):
        raise DirectoryError(_("A category cannot be placed under itself or under one "
                               "of its own sub-categories."), "parent_id")
    return parent


def save_category(category: Category | None, *, name: str, slug: str = "",
                  parent_id: int | None = None, locale: str = "vi", position: int = 0,
                  by: Any) -> Category:
    """Create (``category`` None) or change a category. A blank slug is made from the
    name (made unique); a slug typed by hand that another category uses is refused."""
    name = clean_line(name)
    if not name:
        raise DirectoryError(_("Please fill in this field."), "name")
    parent = _category_parent(parent_id, locale, category)
    except_id = category.id if category is not None else None
    typed = clean_line(slug)
    if typed:
        new_slug = slugify(typed)
        if not new_slug:
            raise DirectoryError(_("The address must contain letters or digits."), "slug")
        if _slug_taken(new_slug, locale, except_id):
            raise DirectoryError(_("Another category already uses the address "
                                   "“%(slug)s”. Please choose another.", slug=new_slug),
                                 "slug", status=409)
    else:
        new_slug = unique_slug(name, lambda s: _slug_taken(s, locale, except_id),
                               fallback="chuyen-muc")
    action = "category.updated" if category is not None else "category.created"
    if category is None:
        category = Category()
        db.session.add(category)
    before = {"name": category.name, "slug": category.slug, "parent_id": category.parent_id}
    category.name, category.slug, category.locale = name, new_slug, locale
    category.parent_id = parent.id if parent is not None else None
    category.position = position
    db.session.flush()
    record(action, actor=by, obj=category, name=name, slug=new_slug,
           parent_id=category.parent_id, locale=locale,
           **({"before": before} if action == "category.updated" else {}))
    return category


def _count(query: Any) -> int:
    return int(db.session.scalar(query) or 0)


def delete_category(category: Category, *, by: Any) -> None:
    """Delete an empty category. One with sub-categories, items, menu links or
    approvers limited to it is refused: deleting it would silently move, unlink or
    (for an approver limited to it) widen what depends on it."""
    if _count(select(func.count(Category.id)).where(Category.parent_id == category.id)):
        raise DirectoryError(_("This category has sub-categories. Move or delete them "
                               "first."), status=409)
    if _count(select(func.count(MenuItem.id)).where(MenuItem.category_id == category.id)):
        raise DirectoryError(_("A menu links to this category. Remove the menu item "
                               "first."), status=409)
    for _receiver, reason in signals.category_in_use.send(category):
        if reason:
            raise DirectoryError(reason, status=409)
    record("category.deleted", actor=by, obj=category, name=category.name,
           slug=category.slug)
    db.session.delete(category)
    db.session.flush()


# --- menus ------------------------------------------------------------------------------

def menu_for(location: str, locale: str, *, create: bool = False) -> Menu | None:
    if location not in MENU_LOCATIONS:
        raise DirectoryError(_("Please choose a menu from the list."), "location")
    menu = db.session.scalar(select(Menu).where(Menu.location == location,
                                                Menu.locale == locale))
    if menu is None and create:
        menu = Menu(location=location, locale=locale)
        db.session.add(menu)
        db.session.flush()
    return menu


def menu_entries(locale: str) -> list[tuple[str, list[tuple[MenuItem, list[MenuItem]]]]]:
    """Each menu location with its top-level items and their sub-items, in order."""
    menus = {menu.id: menu.location for menu in
             db.session.scalars(select(Menu).where(Menu.locale == locale))}
    items = db.session.scalars(
        select(MenuItem).where(MenuItem.menu_id.in_(menus))
        .order_by(MenuItem.position, MenuItem.id)).all() if menus else []
    children: dict[int, list[MenuItem]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            children[item.parent_id].append(item)
    result = []
    for location in MENU_LOCATIONS:
        top = [(item, children.get(item.id, [])) for item in items
               if item.parent_id is None and menus.get(item.menu_id) == location]
        result.append((location, top))
    return result


def is_safe_menu_url(url: str) -> bool:
    """A page of this site ("/gioi-thieu") or a web address; nothing that runs code."""
    if url.startswith("/"):
        return not url.startswith("//") and "\\" not in url
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def save_menu_item(item: MenuItem | None, *, location: str, locale: str, label: str,
                   url: str = "", category_id: int | None = None,
                   parent_id: int | None = None, position: int = 0, by: Any) -> MenuItem:
    """Create or change a menu entry: a label with either an address or a category;
    menus nest one level (a sub-item's parent is a top-level item of the same menu)."""
    label, url = clean_line(label), clean_line(url)
    if not label:
        raise DirectoryError(_("Please fill in this field."), "label")
    if bool(url) == bool(category_id):
        raise DirectoryError(_("Give either an address or a category, not both."), "url")
    if url and not is_safe_menu_url(url):
        raise DirectoryError(_("The address must be a page of this site (starting with /) "
                               "or begin with http:// or https://."), "url")
    category = None
    if category_id:
        category = db.session.get(Category, category_id)
        if category is None or category.locale != locale:
            raise DirectoryError(_("Please choose a category of this language."),
                                 "category_id")
    menu = menu_for(location, locale, create=True)
    assert menu is not None
    parent = None
    if parent_id:
        parent = db.session.get(MenuItem, parent_id)
        if parent is None or parent.menu_id != menu.id or parent.parent_id is not None:
            raise DirectoryError(_("The parent must be a top-level item of the same menu."),
                                 "parent_id")
        if item is not None and parent.id == item.id:
            raise DirectoryError(_("An item cannot be placed under itself."), "parent_id")
        if item is not None and _count(select(func.count(MenuItem.id))
                                       .where(MenuItem.parent_id == item.id)):
            raise DirectoryError(_("This item has sub-items, so it cannot become a "
                                   "sub-item itself: menus nest one level."), "parent_id")
    action = "menu_item.updated" if item is not None else "menu_item.created"
    if item is None:
        item = MenuItem()
        db.session.add(item)
    item.menu_id, item.label, item.url = menu.id, label, url
    item.category_id = category.id if category is not None else None
    item.parent_id = parent.id if parent is not None else None
    item.position = position
    db.session.flush()
    # Sub-items follow their parent when it moves to another menu.
    for child in db.session.scalars(select(MenuItem).where(MenuItem.parent_id == item.id)):
        child.menu_id = menu.id
    db.session.flush()
    record(action, actor=by, obj=item, label=label, url=url, category_id=item.category_id,
           menu=location, locale=locale, parent_id=item.parent_id)
    return item


def delete_menu_item(item: MenuItem, *, by: Any) -> int:
    """Delete a menu entry and its sub-items; returns how many sub-items went with it."""
    children = db.session.scalars(select(MenuItem).where(MenuItem.parent_id == item.id)).all()
    for child in children:
        db.session.delete(child)
    db.session.flush()
    record("menu_item.deleted", actor=by, obj=item, label=item.label,
           sub_items=len(children))
    db.session.delete(item)
    db.session.flush()
    return len(children)


# --- people (cán bộ) ------------------------------------------------------------------

PERSON_TEXT_FIELDS = ("name", "title", "unit", "phone", "fax", "email")


def _rich_text(html: str, field: str) -> str:
    clean = clean_html(html)
    if missing_alt_images(clean):
        raise DirectoryError(_("Every image in the text needs an alternative text "
                               "describing it."), field)
    return clean


def list_people() -> list[Person]:
    """The site's directory in display order (language, then order, then name)."""
    return list(db.session.scalars(
        select(Person).order_by(Person.locale, Person.position, Person.name)))


def save_person(person: Person | None, *, values: dict[str, Any],
                photo: FileStorage | None = None, photo_alt: str = "",
                remove_photo: bool = False, by: Any) -> Person:
    """Create or change a person of the directory. ``values`` holds the text fields,
    ``biography`` and ``duties`` (rich text), ``is_leader``, ``position``, ``locale``.
    A new photo must be an image with an alternative text."""
    cleaned = {key: clean_line(values.get(key)) for key in PERSON_TEXT_FIELDS}
    if not cleaned["name"]:
        raise DirectoryError(_("Please fill in this field."), "name")
    cleaned["email"] = cleaned["email"].lower()
    biography = _rich_text(clean_text(values.get("biography")), "biography")
    duties = _rich_text(clean_text(values.get("duties")), "duties")
    alt = clean_line(photo_alt)

    new_photo = None
    if isinstance(photo, FileStorage) and photo.filename:
        try:
            new_photo = store_upload(photo, alt_text=alt, by=by, images_only=True)
        except UploadRejected as exc:
            raise DirectoryError(exc.reason, "photo", status=exc.status) from exc
    elif person is not None and person.photo is not None and not remove_photo:
        if not alt:
            raise DirectoryError(_("Please describe the photo in its alternative text, "
                                   "for readers who cannot see it."), "photo_alt")
        person.photo.alt_text = alt[:500]

    action = "person.updated" if person is not None else "person.created"
    if person is None:
        person = Person()
        db.session.add(person)
    for key, value in cleaned.items():
        setattr(person, key, value)
    person.biography, person.duties = biography, duties
    person.is_leader = bool(values.get("is_leader"))
    person.position = int(values.get("position") or 0)
    person.locale = values.get("locale") or "vi"
    if new_photo is not None:
        person.photo_id = new_photo.id
    elif remove_photo:
        person.photo_id = None
    db.session.flush()
    record(action, actor=by, obj=person, name=person.name, photo_id=person.photo_id)
    return person


def delete_person(person: Person, *, by: Any) -> None:
    """Remove a person from the directory (the photo file stays: it may be used
    elsewhere, and the audit log keeps who was removed)."""
    record("person.deleted", actor=by, obj=person, name=person.name)
    db.session.delete(person)
    db.session.flush()


# --- files the directory makes public --------------------------------------------------

def _photo_of_person(attachment: Attachment, text: Mentions) -> Select[Any]:
    return select(Person.id).where(Person.photo_id == attachment.id)


def _shown_in_person_text(attachment: Attachment, text: Mentions) -> Select[Any]:
    return select(Person.id).where(text.within(Person.biography, Person.duties))


def register_public_uses() -> None:
    """A person of the directory is public: so are the photo and the files in the text."""
    public_use("person_photo", _photo_of_person, cost=1)
    public_use("person_text", _shown_in_person_text, cost=3)
