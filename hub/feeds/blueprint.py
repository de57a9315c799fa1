"""URL rules of the machine-readable documents of every host: RSS 2.0 feeds of the site,
of each category and of each register of documents, sitemap.xml and robots.txt."""

from flask import Blueprint

from hub.feeds import controllers
from hub.public.urls import FEED, REGISTER_ENDPOINTS, RULES, SITE_FEED

bp = Blueprint("feeds", __name__)
bp.add_url_rule(SITE_FEED, "site_feed", controllers.site_feed)
bp.add_url_rule(RULES["category"] + FEED, "category_feed", controllers.category_feed)
for register, endpoint in REGISTER_ENDPOINTS.items():
    bp.add_url_rule(RULES[endpoint] + FEED, f"{endpoint}_feed",
                    controllers.register_feed, defaults={"register": register})
bp.add_url_rule("/sitemap.xml", "sitemap", controllers.sitemap)
bp.add_url_rule("/robots.txt", "robots", controllers.robots)
