"""Handlers of the public site. Load -> check access -> act; the tenant is the host's."""

from __future__ import annotations

from flask import g, render_template
from sqlalchemy import select

from hub.extensions import db
from tenants.models import Tenant, TenantStatus


def home() -> str:
    tenant = db.get_or_404(Tenant, g.site.tenant_id)
    children = db.session.scalars(
        select(Tenant).where(Tenant.parent_id == tenant.id,
                             Tenant.status == TenantStatus.ACTIVE)
        .order_by(Tenant.kind, Tenant.name)).all()
    return render_template("public/home.html", tenant=tenant, children=children)
