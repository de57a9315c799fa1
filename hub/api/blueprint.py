"""URL rules of the open-data API, ``/api/v1/``: a list and a detail per content type,
categories, people, published questions and the tracking lookup, the ratings'
figures, the site, its structure, the OpenAPI document and the index of them all."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import HTTPException

from hub.api import controllers, monitoring, questions, ratings
from hub.api.resources import RESOURCES

PREFIX = "/api/v1"

bp = Blueprint("api", __name__, url_prefix=PREFIX)

for _resource in RESOURCES:
    bp.add_url_rule(f"/{_resource.name}", f"{_resource.endpoint}_list",
                    controllers.list_view(_resource))
    bp.add_url_rule(f"/{_resource.name}/<int:item_id>", f"{_resource.endpoint}_item",
                    controllers.item_view(_resource))

bp.add_url_rule("/categories", "categories", controllers.categories)
bp.add_url_rule("/categories/<int:category_id>", "category", controllers.category)
bp.add_url_rule("/people", "people", controllers.people)
bp.add_url_rule("/people/<int:person_id>", "person", controllers.person)
bp.add_url_rule("/questions", "questions", questions.index)
bp.add_url_rule("/questions/<int:question_id>", "question", questions.show)
bp.add_url_rule("/questions/track", "question_track", questions.track, methods=("POST",))
bp.add_url_rule("/ratings", "ratings", ratings.index)
bp.add_url_rule("/site", "site", controllers.site)
bp.add_url_rule("/monitoring", "monitoring", monitoring.index)
bp.add_url_rule("/structure", "structure", controllers.site_structure)
bp.add_url_rule("/", "index", controllers.index)
bp.add_url_rule("/openapi.json", "openapi", controllers.openapi_document)
bp.register_error_handler(HTTPException, controllers.error)
