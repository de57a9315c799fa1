"""Small factories for tests: sites with hosts, staff accounts, clients on a host."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from hub.accounts.models import HubRole, Membership, SiteRole, User
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantKind

PASSWORD = "Mật-khẩu-đủ-dài-2026"


def create_site(app: Flask, slug: str, name: str, kind: str = "commune",
                parent: Tenant | None = None, hosts: tuple[str, ...] | None = None,
                english_host: str | None = None, **settings: Any) -> Tenant:
    """A tenant with its primary host ``<slug>.localhost`` unless ``hosts`` are given."""
    with app.app_context(), unscoped():
        parent = db.session.merge(parent) if parent is not None else None
        tenant = Tenant(slug=slug, name=name, kind=TenantKind(kind), parent=parent,
                        settings=settings)
        db.session.add(tenant)
        db.session.flush()
        tenant.path = f"{parent.path if parent else '/'}{tenant.id}/"
        for index, host in enumerate(hosts or (f"{slug}.localhost",)):
            db.session.add(Domain(hostname=host, tenant=tenant, locale="vi",
                                  is_primary=index == 0))
        if english_host:
            db.session.add(Domain(hostname=english_host, tenant=tenant, locale="en",
                                  is_primary=True))
        db.session.commit()
        db.session.refresh(tenant)
        db.session.expunge(tenant)
        return tenant


def create_user(app: Flask, email: str, roles: dict[Tenant, str | list[str]] | None = None,
                hub_role: str | None = None, password: str = PASSWORD,
                display_name: str | None = None) -> User:
    from hub.accounts.passwords import hash_password
    with app.app_context(), unscoped():
        user = User(email=email.lower(), display_name=display_name or email.split("@")[0],
                    password_hash=hash_password(password),
                    hub_role=HubRole(hub_role) if hub_role else None)
        db.session.add(user)
        db.session.flush()
        for tenant, role_names in (roles or {}).items():
            for role in [role_names] if isinstance(role_names, str) else role_names:
                db.session.add(Membership(user_id=user.id, tenant_id=tenant.id,
                                          role=SiteRole(role)))
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


class HostClient(FlaskClient):
    """A test client whose requests go to one host unless told otherwise.

    The host is passed as ``base_url`` (Werkzeug derives HTTP_HOST from it), so the
    cookie jar keeps cookies per host as a browser does.
    """

    site_host = "localhost"

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def, override]
        if not args or isinstance(args[0], str):
            kwargs.setdefault("base_url", f"http://{self.site_host}/")
        return super().open(*args, **kwargs)

    def session_transaction(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def, override]
        kwargs.setdefault("base_url", f"http://{self.site_host}/")
        return super().session_transaction(*args, **kwargs)


def host_client(app: Flask, host: str) -> HostClient:
    """A test client whose requests all go to ``host``."""
    client = HostClient(app, app.response_class, use_cookies=True)
    client.site_host = host
    return client


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str | bytes) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    match = _CSRF.search(text)
    assert match, "the page has no CSRF token"
    return match.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    page = client.get("/dang-nhap")
    return client.post("/dang-nhap", data={"email": email, "password": password,
                                           "csrf_token": csrf_from(page.data)})


@pytest.fixture
def province(app: Flask) -> Tenant:
    return create_site(app, "langson", "Tỉnh Lạng Sơn", "province",
                       hosts=("langson.localhost",), english_host="english.langson.localhost",
                       governing_agency="Văn phòng UBND tỉnh Lạng Sơn",
                       phone="0205 3812 345", email="congthongtindientu@langson.gov.vn",
                       address="Số 2 Hoàng Văn Thụ, TP Lạng Sơn")


@pytest.fixture
def two_sites(app: Flask, province: Tenant) -> tuple[Tenant, Tenant]:
    a = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                    parent=province, hosts=("sokhcn.langson.localhost",))
    b = create_site(app, "xathongnhat.langson", "Xã Thống Nhất", "commune",
                    parent=province, hosts=("xathongnhat.langson.localhost",))
    return a, b


@contextlib.contextmanager
def statements_sent(app: Flask) -> Iterator[list[str]]:
    """The SQL statements the app's engine sends inside the block, in order."""
    with app.app_context():
        engine = db.engine
    sent: list[str] = []

    def listen(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", listen)
