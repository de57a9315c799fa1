"""URL rules of the machine-readable documents of every host: RSS 2.0 feeds of the site
and of each category, sitemap.xml and robots.txt."""

from flask import Blueprint

from hub.feeds import controllers
from hub.public.urls import RULES

bp = Blueprint("feeds", __name__)
bp.add_url_rule("/rss.xml", "site_feed", controllers.site_feed)
bp.add_url_rule(RULES["category"] + "/rss.xml", "category_feed", controllers.category_feed)
bp.add_url_rule("/sitemap.xml", "sitemap", controllers.sitemap)
bp.add_url_rule("/robots.txt", "robots", controllers.robots)
