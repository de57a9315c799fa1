"""A small realistic corpus for the search tests: the items of
``bench.relevance_corpus`` (each named by its title, as ``bench/judged_queries.json``
refers to them) made and published through the real workflow services.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from bench.relevance_corpus import ITEMS
from hub.accounts.models import User
from hub.content import operations
from hub.content.models import ContentItem
from hub.extensions import db
from tenants.context import tenant_scope
from tenants.models import Tenant
from tests.factories import create_site, create_user


def make_sites(app: Flask, province: Tenant) -> dict[str, Tenant]:
    """The province (given), a department under it, a commune under the department
    (so "this site and its sub-sites" differs from "this site")."""
    dept = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                       parent=province, hosts=("sokhcn.langson.localhost",))
    commune = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                          parent=dept, hosts=("xathongnhat.langson.localhost",))
    return {"province": province, "dept": dept, "commune": commune}


def build_corpus(app: Flask, sites: dict[str, Tenant]) -> dict[str, int]:
    """Create every item of ``ITEMS`` (published ones through submit + approve) and
    commit; returns title -> item id. The outbox is left for the test to drain."""
    admins = {key: create_user(app, f"admin@{site.slug}.gov.vn", {site: "site_admin"}).id
              for key, site in sites.items()}
    ids: dict[str, int] = {}
    for key, site in sites.items():  # one transaction per site, as fast as it gets
        with app.app_context(), tenant_scope(site.id):
            user = db.session.get(User, admins[key])
            for site_key, kind, data, publish in ITEMS:
                if site_key != key:
                    continue
                item = operations.create_item(kind, dict(data), user)
                if publish:
                    operations.transition(item, "submit", user)
                    operations.transition(item, "approve", user)
                ids[data["title"]] = item.id
            db.session.commit()
    return ids


def publish(app: Flask, site: Tenant, kind: str, data: dict[str, Any], email: str) -> int:
    """One more published item on ``site`` by the account ``email``."""
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == email))
        item = operations.create_item(kind, dict(data), user)
        operations.transition(item, "submit", user)
        operations.transition(item, "approve", user)
        db.session.commit()
        return item.id


def act(app: Flask, site: Tenant, item_id: int, action: str, email: str) -> None:
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).where(User.email == email))
        item = db.session.get(ContentItem, item_id)
        operations.transition(item, action, user,
                              comment="Vi phạm" if action == "take_down" else "")
        db.session.commit()
