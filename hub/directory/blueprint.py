"""URL rules of a site's categories, menus and people, in its staff area."""

from __future__ import annotations

from flask import Blueprint

from hub.directory import controllers

bp = Blueprint("directory", __name__)

# Chuyên mục: the category tree.
bp.add_url_rule("/quan-tri/chuyen-muc", "categories", controllers.categories)
bp.add_url_rule("/quan-tri/chuyen-muc/moi", "new_category", controllers.new_category,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/chuyen-muc/<int:category_id>", "edit_category",
                controllers.edit_category, methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/chuyen-muc/<int:category_id>/xoa", "delete_category",
                controllers.delete_category, methods=("POST",))

# Menus: main, footer, links.
bp.add_url_rule("/quan-tri/menu", "menus", controllers.menus)
bp.add_url_rule("/quan-tri/menu/muc/moi", "new_menu_item", controllers.new_menu_item,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/menu/muc/<int:item_id>", "edit_menu_item",
                controllers.edit_menu_item, methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/menu/muc/<int:item_id>/xoa", "delete_menu_item",
                controllers.delete_menu_item, methods=("POST",))

# Cán bộ: the people and contacts directory.
bp.add_url_rule("/quan-tri/can-bo", "people", controllers.people)
bp.add_url_rule("/quan-tri/can-bo/moi", "new_person", controllers.new_person,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/can-bo/<int:person_id>", "edit_person", controllers.edit_person,
                methods=("GET", "POST"))
bp.add_url_rule("/quan-tri/can-bo/<int:person_id>/xoa", "delete_person",
                controllers.delete_person, methods=("POST",))
