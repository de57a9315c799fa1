"""Forms of the category, menu and people screens (Flask-WTF: CSRF on every POST).

The forms check shapes (required, lengths, formats); the site's rules (a parent in the
same language, a unique address, menus one level deep) are checked by ``operations``
against the site's own rows, and come back onto the field they concern.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from hub.directory.models import Menu, MenuItem
from hub.directory.operations import MENU_LOCATIONS, category_tree
from hub.extensions import db

REQUIRED = _l("Please fill in this field.")
LOCALE_CHOICES = [("vi", _l("Vietnamese")), ("en", _l("English"))]
POSITION_HINT = _l("Smaller numbers come first.")
NONE_CHOICE = 0


def _choices(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def _position() -> IntegerField:
    return IntegerField(_l("Display order"), [Optional(), NumberRange(
        min=0, max=100000, message=_l("Please enter a whole number from 0 to 100000."))],
        default=0)


def category_choices(exclude: set[int] | frozenset[int] = frozenset(),
                     none_label: Any = None) -> list[SelectChoice]:
    """The site's categories as indented choices, with "none" first."""
    choices: list[tuple[int, str]] = [(NONE_CHOICE, str(none_label or _l("(none)")))]
    for category, depth in category_tree():
        if category.id in exclude:
            continue
        language = "" if category.locale == "vi" else f" [{category.locale}]"
        choices.append((category.id, "— " * depth + category.name + language))
    return _choices(choices)


class CategoryForm(FlaskForm):
    name = StringField(_l("Name"), [_required(), Length(max=200)])
    slug = StringField(_l("Address"), [Optional(), Length(max=200)])
    locale = SelectField(_l("Language"), choices=_choices(LOCALE_CHOICES))
    # Choices are the site's categories; an id of another site is refused by the
    # operation (it is simply not found), so the form does not check membership.
    parent_id = SelectField(_l("Parent category"), coerce=int, validate_choice=False)
    position = _position()

    def __init__(self, *args: Any, exclude: set[int] | frozenset[int] = frozenset(),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = category_choices(exclude, _l("(top level)"))


class MenuItemForm(FlaskForm):
    location = SelectField(_l("Menu"), choices=_choices(MENU_LOCATIONS.items()))
    locale = SelectField(_l("Language"), choices=_choices(LOCALE_CHOICES))
    label = StringField(_l("Label"), [_required(), Length(max=200)])
    url = StringField(_l("Address"), [Optional(), Length(max=500)])
    category_id = SelectField(_l("Or a category"), coerce=int, validate_choice=False)
    parent_id = SelectField(_l("Under"), coerce=int, validate_choice=False)
    position = _position()

    def __init__(self, *args: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_id.choices = category_choices()
        # Menus nest one level: only top-level items can hold sub-items.
        top = db.session.execute(
            select(MenuItem, Menu).join(Menu, Menu.id == MenuItem.menu_id)
            .where(MenuItem.parent_id.is_(None))
            .order_by(Menu.locale, Menu.location, MenuItem.position, MenuItem.id)).all()
        self.parent_id.choices = _choices([(NONE_CHOICE, str(_l("(top level)")))] + [
            (item.id, f"{MENU_LOCATIONS[menu.location]} [{menu.locale}] › {item.label}")
            for item, menu in top if item.id != exclude])


PHONE = Regexp(r"^[0-9 +().\-/]*$",
               message=_l("Please use digits, spaces and + ( ) . - / only."))


class PersonForm(FlaskForm):
    name = StringField(_l("Full name"), [_required(), Length(max=200)])
    title = StringField(_l("Title"), [Optional(), Length(max=200)])
    unit = StringField(_l("Unit"), [Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), [Optional(), Length(max=40), PHONE])
    fax = StringField(_l("Fax"), [Optional(), Length(max=40), PHONE])
    email = StringField(_l("Email"), [Optional(), Length(max=254), Email(
        message=_l("Please enter a valid email address."), check_deliverability=False)])
    locale = SelectField(_l("Language"), choices=_choices(LOCALE_CHOICES))
    is_leader = BooleanField(_l("Leader (shown with biography and duties)"))
    biography = TextAreaField(_l("Short biography"), [Optional(), Length(max=20000)],
                              render_kw={"rows": 8, "data-rich-text": "true"})
    duties = TextAreaField(_l("Duties"), [Optional(), Length(max=20000)],
                           render_kw={"rows": 6, "data-rich-text": "true"})
    photo = FileField(_l("Photo"), render_kw={"accept": "image/jpeg,image/png,image/gif,"
                                                        "image/webp"})
    photo_alt = StringField(_l("Description of the photo"), [Optional(), Length(max=500)])
    remove_photo = BooleanField(_l("Remove the photo"))
    position = _position()

    def uploaded_photo(self) -> FileStorage | None:
        # Built from a Person, the field holds its Attachment until a file is sent.
        data = self.photo.data
        return data if isinstance(data, FileStorage) and data.filename else None

    def values(self) -> dict[str, Any]:
        """The person's fields as the operation takes them."""
        return {name: getattr(self, name).data for name in (
            "name", "title", "unit", "phone", "fax", "email", "locale", "is_leader",
            "biography", "duties", "position")}
