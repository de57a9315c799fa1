"""The home page of every site, the most visited page of the portal (Circular 22/2023's
home blocks): the lead story, the latest news, documents, procedures, the leaders'
week, the citizens' corner (answered questions, drafts open for comment), links, and the
way to the directory of the component sites.

Each section reads what it shows in one statement built once per process
(``hub.public.statements.home_blocks``). Everything but the visitor figures changes only
with the site's content or with the day (the week's schedule, the drafts open today), so
the sections are rendered once per site, language, content generation and day and kept
with the rest of that data (``tenant_memo``, as the layout is): a home page renders only
its title and the visitor figures. A capability above this one (the questions) adds its
section through ``add_home_section`` rather than being imported.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import get_template_attribute, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import Select

from hub.cache.memo import tenant_memo
from hub.core.clock import local_today
from hub.extensions import db
from hub.formatting import day_formatter
from hub.public import registers
from hub.public.layout import site_chrome
from hub.public.lists import ListEntry, read_entries
from hub.public.queries import current_locale
from hub.public.sites import component_sites
from hub.public.statements import home_blocks
from hub.public.urls import ITEM_PATHS

# Links every home page offers (Article 10.3): the Government portal and ministries.
GOVERNMENT_LINKS = (
    ("https://chinhphu.vn", _l("Government of Viet Nam portal")),
    ("https://dichvucong.gov.vn", _l("National Public Service Portal")),
    ("https://vanban.chinhphu.vn", _l("Government legal documents system")),
    ("https://moha.gov.vn", _l("Ministry of Home Affairs")),
    ("https://mof.gov.vn", _l("Ministry of Finance")),
    ("https://most.gov.vn", _l("Ministry of Science and Technology")),
)


@dataclass(frozen=True)
class HomeLink:
    """An entry of a home section that is not a list of items (a question, a draft)."""
    title: str
    path: str
    note: str = ""      # a date or a deadline, as readers write it


@dataclass(frozen=True)
class HomeSection:
    """A section another capability adds to the home (``add_home_section``)."""
    key: str            # the section's id on the page
    heading: str
    entries: tuple[HomeLink, ...]
    more_label: str
    more_url: str


# name -> a function of the host's language giving the section, or None when the site
# has nothing to show in it. Each reads in one statement.
_SECTIONS: dict[str, Callable[[str], HomeSection | None]] = {}


def add_home_section(name: str, load: Callable[[str], HomeSection | None]) -> None:
    """Show ``load(locale)``'s section on every home page (idempotent by ``name``)."""
    _SECTIONS[name] = load


@dataclass(frozen=True)
class HomeParts:
    """The home's sections, rendered (``public/_home.html``): all but the visitor
    figures, which ``home.html`` places in the last grid beside ``links``."""
    main: Markup        # the news, the registers, the week, the citizens' corner
    links: Markup       # the links and the way to the directory


def home() -> str:
    today = local_today()
    parts = tenant_memo("home", functools.partial(_rendered_parts, today), today)
    return render_template("public/home.html", parts=parts)


def _rendered_parts(today: date) -> HomeParts:
    """Read every section of this site's home on ``today`` and render it."""
    locale = current_locale()
    blocks = home_blocks(locale)
    featured, news = _lead_and_news(read_entries(blocks.featured),
                                    read_entries(blocks.news))
    monday = registers.iso_week(None, today)
    part = functools.partial(get_template_attribute, "public/_home.html")
    return HomeParts(
        main=part("home_main")(
            featured=featured, news=news,
            documents=db.session.execute(blocks.documents).all(),
            procedures=read_entries(blocks.procedures),
            week=registers.week_schedule(monday), week_label=registers.week_label(monday),
            consultations=_open_consultations(blocks.consultations, today),
            sections=[section for load in _SECTIONS.values()
                      if (section := load(locale)) is not None]),
        links=part("home_links")(
            links=site_chrome().links, government_links=GOVERNMENT_LINKS,
            directory_size=sum(len(group.links) for group in component_sites())))


def _lead_and_news(featured: list[ListEntry], news: list[ListEntry]
                   ) -> tuple[ListEntry | None, list[ListEntry]]:
    """The lead story (the newest featured article, else the newest) and the other
    newest articles below it."""
    lead = featured[0] if featured else (news[0] if news else None)
    return lead, [entry for entry in news if lead is None or entry.id != lead.id][:6]


def _open_consultations(statement: Select[Any], today: date) -> list[HomeLink]:
    """The drafts open for comment today, the one closing first first; the note is the
    last day of comments."""
    day, paths = day_formatter(), ITEM_PATHS
    return [HomeLink(title, paths[kind].format(slug=slug), day(closes_on))
            for _id, kind, slug, title, closes_on
            in db.session.execute(statement, {"today": today})]
