"""A public page made for these tests: it lists the site's public items and shows one,
and counts how often its view really ran (a cache hit does not run it)."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask, abort, request
from markupsafe import escape
from sqlalchemy import select

from hub.content.models import ContentItem
from hub.extensions import db
from hub.stats.operations import count_item_view
from hub.workflow.states import PUBLIC_STATES
from tenants.context import current_site
from tenants.models import Tenant
from tests.admin.helpers import make_item, make_staff

A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"


def add_listing(application: Flask, counts: Counter) -> None:
    """The test listing on ``application`` (this app, or another instance of it): the
    site's public items, counting how often the view really ran (a cache hit does not)."""
    def listing() -> str:
        counts[request.host] += 1
        titles = db.session.scalars(select(ContentItem.title)
                                    .where(ContentItem.status.in_(PUBLIC_STATES))
                                    .order_by(ContentItem.id)).all()
        return "<ul>" + "".join(f"<li>{escape(t)}</li>" for t in titles) + "</ul>"

    application.add_url_rule("/_test/tin", "public.test_listing", listing)


@pytest.fixture
def renders(app: Flask) -> Counter:
    """How many times the test pages were rendered, per site host."""
    counts: Counter = Counter()

    def show(item_id: int) -> str:
        counts[request.host] += 1
        item = db.session.get(ContentItem, item_id)
        if item is None or item.status not in PUBLIC_STATES:
            abort(404)
        count_item_view(item.id)
        return f"<h1>{escape(item.title)}</h1><p>{current_site().tenant_name}</p>"

    add_listing(app, counts)
    app.add_url_rule("/_test/tin/<int:item_id>", "public.test_item", show)
    return counts


@pytest.fixture
def staff(app: Flask, two_sites: tuple[Tenant, Tenant]) -> dict:
    a, b = two_sites
    return {"a": make_staff(app, a, ("approver", "editor")),
            "b": make_staff(app, b, ("approver", "editor"))}


def publish(app: Flask, site: Tenant, title: str) -> int:
    slug = site.slug
    return make_item(app, site, f"editor@{slug}.gov.vn", title=title,
                     steps=("submit", "approve"), approver_email=f"approver@{slug}.gov.vn")
