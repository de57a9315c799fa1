"""Staff accounts, their memberships in sites, password-reset tokens, and the second
factor (an authenticator app and its recovery codes).

A user is global (one person, one login name); what they may do is given per site by a
membership (user x tenant x role). The province office's people also carry a hub role.
Citizens have no accounts.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.core.database import stored_enum
from hub.extensions import db
from tenants.isolation import TenantOwned


class SiteRole(str, enum.Enum):
    SITE_ADMIN = "site_admin"      # quản trị
    APPROVER = "approver"          # kiểm duyệt
    EDITOR = "editor"              # cập nhật
    CONTRIBUTOR = "contributor"    # cộng tác viên
    TRANSLATOR = "translator"      # translation office (Sở Ngoại vụ)


class HubRole(str, enum.Enum):
    HUB_ADMIN = "hub_admin"        # province office: every site, console, reports
    HUB_AUDITOR = "hub_auditor"    # read-only console and audit log




class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lowercased
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    hub_role: Mapped[HubRole | None] = mapped_column(stored_enum(HubRole, length=16))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Kept in each session at login; raising it ends every session of the account at
    # once (logout, a new password, disabled, a membership revoked).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    # Loaded through the tenant scope like any query: on a site's host a user's
    # memberships are those of that site only.
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True)
    # Loaded when asked for: only a login, the staff area's gate and the account page do.
    second_factor: Mapped[SecondFactor | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot log in
        return self.is_enabled

    @property
    def has_second_factor(self) -> bool:
        """Is an authenticator app switched on (enrolled and confirmed with a code)?"""
        factor = self.second_factor
        return factor is not None and factor.confirmed_at is not None


class Membership(TenantOwned, db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    role: Mapped[SiteRole] = mapped_column(stored_enum(SiteRole, length=16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    user: Mapped[User] = relationship(back_populates="memberships")

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.tenant_id} {self.role.value}>"


class PasswordResetToken(db.Model):
    """A one-time reset link; only the token's sha256 is stored."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    user: Mapped[User] = relationship()


class SecondFactor(db.Model):
    """An account's authenticator app (TOTP, RFC 6238): one per account.

    The shared secret is stored encrypted with a key derived from the app's secret key
    (``hub.accounts.totp``), so a copy of the database alone does not give it. Until
    ``confirmed_at`` is set the secret is only being enrolled and is not asked for at
    login. ``last_step`` is the time step of the last code accepted: a code of that step
    or an earlier one is refused, so a code seen over a shoulder cannot be used again.
    """

    __tablename__ = "second_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    secret_encrypted: Mapped[str] = mapped_column(String(255))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())

    user: Mapped[User] = relationship(back_populates="second_factor")


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app (a lost phone).

    Only a keyed hash is stored (``hub.accounts.totp.recovery_code_hash``); the codes
    themselves are shown once, when they are made."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
