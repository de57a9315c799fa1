"""Handlers of the category, menu and people screens: load -> check access -> act.

The permission is checked first (``structure.manage`` for categories and menus,
``people.manage`` for the directory); objects are loaded through the tenant scope, so
another site's id is a 404. A refused change re-renders the form with the reason on
its field (400, or 409 for a conflict) and the request rolls back.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from hub.accounts.permissions import permission_required
from hub.directory import operations
from hub.directory.forms import LOCALE_CHOICES, CategoryForm, MenuItemForm, PersonForm
from hub.directory.models import Category, MenuItem, Person
from hub.directory.operations import MENU_LOCATIONS, DirectoryError
from hub.extensions import db


def _me() -> Any:
    return current_user._get_current_object()


def _show_error(form: FlaskForm, exc: DirectoryError) -> str | None:
    """Put the reason on its field; return it when it belongs to no field."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None:
        return exc.reason
    field.errors = [*field.errors, exc.reason]
    return None


def _id_or_none(value: int | None) -> int | None:
    return value or None


# --- categories -----------------------------------------------------------------------

def _categories_page(error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("directory/categories.html", tree=operations.category_tree(),
                           error=error), status


def _category_form_page(form: CategoryForm, category: Category | None,
                        error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("directory/category_form.html", form=form, category=category,
                           error=error), status


def _save_category(form: CategoryForm, category: Category | None):  # type: ignore[no-untyped-def]
    if not form.validate_on_submit():
        return _category_form_page(form, category, status=400)
    try:
        saved = operations.save_category(
            category, name=form.name.data, slug=form.slug.data or "",
            parent_id=_id_or_none(form.parent_id.data), locale=form.locale.data,
            position=form.position.data or 0, by=_me())
    except DirectoryError as exc:
        return _category_form_page(form, category, _show_error(form, exc), exc.status)
    flash(_("The category “%(name)s” has been saved.", name=saved.name), "success")
    return redirect(url_for("directory.categories"))


@permission_required("structure.manage")
def categories():  # type: ignore[no-untyped-def]
    return _categories_page()


@permission_required("structure.manage")
def new_category():  # type: ignore[no-untyped-def]
    form = CategoryForm()
    if request.method == "GET":
        return _category_form_page(form, None)
    return _save_category(form, None)


@permission_required("structure.manage")
def edit_category(category_id: int):  # type: ignore[no-untyped-def]
    category = db.get_or_404(Category, category_id)
    exclude = {category.id} | operations.descendant_ids(category)
    form = CategoryForm(obj=category, exclude=exclude)
    if request.method == "GET":
        form.parent_id.data = category.parent_id or 0
        return _category_form_page(form, category)
    return _save_category(form, category)


@permission_required("structure.manage")
def delete_category(category_id: int):  # type: ignore[no-untyped-def]
    category = db.get_or_404(Category, category_id)
    name = category.name
    try:
        operations.delete_category(category, by=_me())
    except DirectoryError as exc:
        return _categories_page(exc.reason, exc.status)
    flash(_("The category “%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for("directory.categories"))


# --- menus ------------------------------------------------------------------------------

def _menu_locale() -> str:
    locale = request.args.get("ngon-ngu", "vi")
    return locale if locale in dict(LOCALE_CHOICES) else "vi"


def _menu_item_form_page(form: MenuItemForm, item: MenuItem | None,
                         error: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("directory/menu_item_form.html", form=form, item=item,
                           error=error), status


def _save_menu_item(form: MenuItemForm, item: MenuItem | None):  # type: ignore[no-untyped-def]
    if not form.validate_on_submit():
        return _menu_item_form_page(form, item, status=400)
    try:
        saved = operations.save_menu_item(
            item, location=form.location.data, locale=form.locale.data,
            label=form.label.data, url=form.url.data or "",
            category_id=_id_or_none(form.category_id.data),
            parent_id=_id_or_none(form.parent_id.data),
            position=form.position.data or 0, by=_me())
    except DirectoryError as exc:
        return _menu_item_form_page(form, item, _show_error(form, exc), exc.status)
    flash(_("The menu item “%(label)s” has been saved.", label=saved.label), "success")
    return redirect(url_for("directory.menus", **{"ngon-ngu": form.locale.data}))


@permission_required("structure.manage")
def menus():  # type: ignore[no-untyped-def]
    locale = _menu_locale()
    return render_template("directory/menus.html", locale=locale,
                           locales=LOCALE_CHOICES, labels=MENU_LOCATIONS,
                           menus=operations.menu_entries(locale))


@permission_required("structure.manage")
def new_menu_item():  # type: ignore[no-untyped-def]
    form = MenuItemForm()
    if request.method == "GET":
        form.locale.data = _menu_locale()
        if request.args.get("vi-tri") in MENU_LOCATIONS:
            form.location.data = request.args["vi-tri"]
        return _menu_item_form_page(form, None)
    return _save_menu_item(form, None)


@permission_required("structure.manage")
def edit_menu_item(item_id: int):  # type: ignore[no-untyped-def]
    item = db.get_or_404(MenuItem, item_id)
    form = MenuItemForm(obj=item, exclude=item.id)
    if request.method == "GET":
        form.location.data, form.locale.data = item.menu.location, item.menu.locale
        form.category_id.data = item.category_id or 0
        form.parent_id.data = item.parent_id or 0
        return _menu_item_form_page(form, item)
    return _save_menu_item(form, item)


@permission_required("structure.manage")
def delete_menu_item(item_id: int):  # type: ignore[no-untyped-def]
    item = db.get_or_404(MenuItem, item_id)
    label, locale = item.label, item.menu.locale
    removed = operations.delete_menu_item(item, by=_me())
    if removed:
        flash(_("The menu item “%(label)s” and its %(count)s sub-items have been deleted.",
                label=label, count=removed), "success")
    else:
        flash(_("The menu item “%(label)s” has been deleted.", label=label), "success")
    return redirect(url_for("directory.menus", **{"ngon-ngu": locale}))


# --- people ------------------------------------------------------------------------------

def _person_form_page(form: PersonForm, person: Person | None, error: str | None = None,
                      status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("directory/person_form.html", form=form, person=person,
                           error=error), status


def _save_person(form: PersonForm, person: Person | None):  # type: ignore[no-untyped-def]
    if not form.validate_on_submit():
        return _person_form_page(form, person, status=400)
    try:
        saved = operations.save_person(
            person, values=form.values(), photo=form.uploaded_photo(),
            photo_alt=form.photo_alt.data or "", remove_photo=form.remove_photo.data,
            by=_me())
    except DirectoryError as exc:
        return _person_form_page(form, person, _show_error(form, exc), exc.status)
    flash(_("%(name)s has been saved in the directory.", name=saved.name), "success")
    return redirect(url_for("directory.people"))


@permission_required("people.manage")
def people():  # type: ignore[no-untyped-def]
    return render_template("directory/people.html", people=operations.list_people())


@permission_required("people.manage")
def new_person():  # type: ignore[no-untyped-def]
    form = PersonForm()
    if request.method == "GET":
        return _person_form_page(form, None)
    return _save_person(form, None)


@permission_required("people.manage")
def edit_person(person_id: int):  # type: ignore[no-untyped-def]
    person = db.get_or_404(Person, person_id)
    form = PersonForm(obj=person)
    if request.method == "GET":
        form.photo_alt.data = person.photo.alt_text if person.photo else ""
        return _person_form_page(form, person)
    return _save_person(form, person)


@permission_required("people.manage")
def delete_person(person_id: int):  # type: ignore[no-untyped-def]
    person = db.get_or_404(Person, person_id)
    name = person.name
    operations.delete_person(person, by=_me())
    flash(_("%(name)s has been removed from the directory.", name=name), "success")
    return redirect(url_for("directory.people"))
