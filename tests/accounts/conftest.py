"""Helpers of the accounts tests: reading the audit log and the mail outbox."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from hub.accounts.models import Membership, User
from hub.audit.models import AuditEntry
from hub.extensions import db
from tenants.context import unscoped
from tests.factories import host_client

A_HOST = "sokhcn.langson.localhost"
B_HOST = "xathongnhat.langson.localhost"


# Kept as a name of its own: the accounts tests speak of "site clients".
site_client = host_client


def audit(app: Flask, action: str | None = None) -> list[AuditEntry]:
    """Committed audit entries (a fresh session: what another request would see)."""
    with app.app_context(), unscoped():
        db.session.remove()
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        entries = db.session.scalars(query).all()
        for entry in entries:
            db.session.expunge(entry)
        return list(entries)


def fetch_user(app: Flask, email_address: str) -> User:
    with app.app_context(), unscoped():
        db.session.remove()
        user = db.session.scalar(select(User).where(User.email == email_address))
        assert user is not None
        db.session.expunge(user)
        return user


def memberships(app: Flask, email_address: str) -> set[tuple[int, str]]:
    with app.app_context(), unscoped():
        db.session.remove()
        rows = db.session.execute(
            select(Membership.tenant_id, Membership.role).join(Membership.user)
            .where(User.email == email_address)).all()
        return {(tenant_id, role.value) for tenant_id, role in rows}


def update_user(app: Flask, email_address: str, **values: object) -> None:
    with app.app_context(), unscoped():
        user = db.session.scalar(select(User).where(User.email == email_address))
        for key, value in values.items():
            setattr(user, key, value)
        db.session.commit()


def outbox(app: Flask) -> list[EmailMessage]:
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(folder.glob("*.eml"))]


@pytest.fixture
def site_a(two_sites):  # type: ignore[no-untyped-def]
    return two_sites[0]


@pytest.fixture
def site_b(two_sites):  # type: ignore[no-untyped-def]
    return two_sites[1]
