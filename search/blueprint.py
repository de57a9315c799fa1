"""URL rules of search: the page on every host, the JSON API and its suggestions, and
the staff's list of attached files it cannot read."""

from __future__ import annotations

from flask import Blueprint

from search import controllers, staff

bp = Blueprint("search", __name__, template_folder="../hub/templates")
bp.add_url_rule("/tim-kiem", "page", controllers.search_page)
bp.add_url_rule("/api/v1/search", "api", controllers.search_api)
bp.add_url_rule("/api/v1/search/suggest", "suggest", controllers.suggest_api)
# Tệp không đọc được: the site's attached files whose words search cannot find.
bp.add_url_rule("/quan-tri/tep-khong-doc-duoc", "unreadable_files", staff.unreadable_files)
