"""URL rules of the public site of every tenant (Vietnamese paths, Circular 22/2023).

Items live at ``/<section>/<slug>`` (``hub.public.urls``) with ``/in`` (print view)
and ``/tai-ve`` (download) below every one of them.
"""

from flask import Blueprint

from hub.public import controllers as c
from hub.public.urls import SECTIONS

bp = Blueprint("public", __name__)

bp.add_url_rule("/", "home", c.home)
bp.add_url_rule("/tin-tuc", "news", c.news)
bp.add_url_rule("/tin-tuc/<slug>", "article", c.article)
bp.add_url_rule("/chuyen-muc/<slug>", "category", c.category)
bp.add_url_rule("/van-ban", "documents", c.document_list)
bp.add_url_rule("/van-ban/<slug>", "document", c.document)
bp.add_url_rule("/thu-tuc", "procedures", c.procedure_list)
bp.add_url_rule("/thu-tuc/<slug>", "procedure", c.procedure)
bp.add_url_rule("/lich-cong-tac", "schedule", c.schedule)
bp.add_url_rule("/lich-cong-tac/<slug>", "schedule_entry", c.generic_item,
                defaults={"section": "lich-cong-tac"})
bp.add_url_rule("/cong-khai", "disclosures", c.disclosure_list)
bp.add_url_rule("/cong-khai/<slug>", "disclosure", c.generic_item,
                defaults={"section": "cong-khai"})
bp.add_url_rule("/gioi-thieu", "pages", c.page_list)
bp.add_url_rule("/gioi-thieu/<slug>", "page", c.page)
bp.add_url_rule("/co-cau-to-chuc", "organisation", c.organisation)
bp.add_url_rule("/lanh-dao", "leaders", c.leaders)
bp.add_url_rule("/danh-ba", "contacts", c.contacts)
_ANY_SECTION = "<any({}):section>".format(",".join(f'"{s}"' for s in SECTIONS.values()))
bp.add_url_rule(f"/{_ANY_SECTION}/<slug>/in", "print_view", c.print_view)
bp.add_url_rule(f"/{_ANY_SECTION}/<slug>/tai-ve", "download", c.download)
