"""The mails of a consultation, queued with the work that causes them (sent once it
commits): to every commenter who left an email, when the outcome is published, in the
language they wrote in; to the site's staff, the reminders of ``jobs``."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from hub.consultations.models import Comment
from hub.content.addresses import item_path
from hub.content.models import Consultation
from hub.core.mail import send_after_commit
from hub.extensions import db
from tenants.hosts import public_base_url, site_host
from tenants.models import Tenant


def page_url(consultation: Consultation) -> str:
    host = site_host(consultation.tenant_id, consultation.locale)
    return public_base_url(host) + item_path(consultation) if host else item_path(
        consultation)


def outcome_published(consultation: Consultation) -> int:
    """Tell each commenter with an email (once per address) that the agency published
    its responses; returns how many mails were queued."""
    rows = db.session.execute(
        select(Comment.email, Comment.name, Comment.locale)
        .where(Comment.consultation_id == consultation.id, Comment.email != "")
        .order_by(Comment.id)).all()
    tenant = db.session.get(Tenant, consultation.tenant_id)
    url = page_url(consultation)
    told: set[str] = set()
    for email, name, locale in rows:
        if email in told:
            continue
        told.add(email)
        with force_locale(locale or "vi"):
            site = tenant.name_in(locale or "vi") if tenant is not None else ""
            body = "\n\n".join([
                _("Dear %(name)s,", name=name),
                _("The agency has published its responses to the comments on the draft "
                  "“%(title)s”, yours included.", title=consultation.title),
                _("Read them at %(url)s", url=url),
                _("This message was sent by %(site)s. Please do not reply to it.",
                  site=site)])
            subject = _("Responses to the comments on “%(title)s”",
                        title=consultation.title)
        send_after_commit(db.session(), email, subject, body + "\n")
    return len(told)


def to_staff(consultation: Consultation, emails: Iterable[str], subject: str,
             lines: list[str]) -> None:
    """A reminder to the site's staff (``jobs``), in Vietnamese like the staff area."""
    url = page_url(consultation)
    with force_locale("vi"):
        body = "\n\n".join([*lines, _("The draft: %(url)s", url=url)])
    for email in sorted(set(emails)):
        send_after_commit(db.session(), email, subject, body + "\n")
    current_app.logger.info("consultation %s: reminder to %s", consultation.id,
                            ", ".join(sorted(set(emails))))
