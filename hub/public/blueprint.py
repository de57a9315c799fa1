"""URL rules of the public site of every tenant: each endpoint's view, at the rule the
address table gives it (``hub.public.urls.ROUTES``, Vietnamese paths of Circular
22/2023)."""

from flask import Blueprint

from hub.public import consultations, home, sites
from hub.public import controllers as c
from hub.public.urls import ROUTES, SECTIONS

bp = Blueprint("public", __name__)

VIEWS = {
    "home": home.home,
    "news": c.news,
    "article": c.article,
    "category": c.category,
    "documents": c.normative_documents,
    "directives": c.directive_documents,
    "former_documents": c.former_document_list,
    "document": c.document,
    "procedures": c.procedure_list,
    "procedure": c.procedure,
    "schedule": c.schedule,
    "schedule_entry": c.generic_item,
    "disclosures": c.disclosure_list,
    "disclosure": c.generic_item,
    "consultations": consultations.consultation_list,
    "consultation": consultations.consultation,
    "pages": c.page_list,
    "page": c.page,
    "organisation": c.organisation,
    "leaders": c.leaders,
    "contacts": c.contacts,
    "sites": sites.directory,
    "print_view": c.print_view,
    "download": c.download,
}

for route in ROUTES:
    view = VIEWS[route.endpoint]
    if view is c.generic_item and route.shows is not None:
        # Schedule entries and disclosures share one view, told the section of their type.
        bp.add_url_rule(route.rule, route.endpoint, view,
                        defaults={"section": SECTIONS[route.shows]})
    else:
        bp.add_url_rule(route.rule, route.endpoint, view)
