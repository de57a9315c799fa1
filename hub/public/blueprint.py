from flask import Blueprint

from hub.public import controllers

bp = Blueprint("public", __name__)
bp.add_url_rule("/", "home", controllers.home)
