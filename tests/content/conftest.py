"""Staff of the Department of Science and Technology's site, logged in on its host, and
the messages pages show (in the host's language, whatever the catalog holds)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask_babel import gettext
from markupsafe import escape

from tests.factories import create_user, csrf_from, host_client, login

A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"


def translated(app: Flask, message: str, **values: Any) -> str:
    """``message`` as a page on a Vietnamese host shows it (HTML-escaped)."""
    with app.test_request_context(base_url=f"http://{A_HOST}/"):
        return str(escape(gettext(message, **values)))


def staff_client(app: Flask, site: Any, role: str, email: str | None = None,
                 host: str = A_HOST):  # type: ignore[no-untyped-def]
    email = email or f"{role}@sokhcn.gov.vn"
    create_user(app, email, {site: role}, display_name=f"{role} của Sở")
    client = host_client(app, host)
    assert login(client, email).status_code == 302
    return client


def token(client) -> str:  # type: ignore[no-untyped-def]
    """A CSRF token of the client's session (any staff page carries one)."""
    return csrf_from(client.get("/dang-nhap/quen-mat-khau").data)


@pytest.fixture
def site_a(two_sites):  # type: ignore[no-untyped-def]
    return two_sites[0]


@pytest.fixture
def site_b(two_sites):  # type: ignore[no-untyped-def]
    return two_sites[1]


@pytest.fixture
def editor(app, site_a):  # type: ignore[no-untyped-def]
    return staff_client(app, site_a, "editor")


@pytest.fixture
def site_admin(app, site_a):  # type: ignore[no-untyped-def]
    return staff_client(app, site_a, "site_admin")
