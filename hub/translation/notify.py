"""Who hears of a translation request, by mail once the change is committed (and on
their dashboards, which read the requests themselves).

- a new request: the office's translators;
- submitted: the person who asked; returned or cancelled: the translator;
- approved and published: the person who asked and the translator;
- the original changed after translation: the translator (or the office's translators
  when nobody took the request yet) and the person who asked.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from hub.accounts.models import Membership, SiteRole, User
from hub.core.mail import send_after_commit
from hub.extensions import db
from hub.translation.models import TranslationRequest
from tenants.context import unscoped
from tenants.hosts import public_base_url, site_host
from tenants.models import Tenant


def request_url(req: TranslationRequest, tenant_id: int) -> str:
    """The request's page on the host of ``tenant_id`` (the site or the office)."""
    host = site_host(tenant_id)
    if not host:
        return ""
    # Built from the URL map, not url_for: staleness mails also leave from the worker
    # and the CLI, outside any request.
    path = current_app.url_map.bind(host).build("translation.show", {"request_id": req.id})
    return public_base_url(host) + path


def _translators(office_id: int) -> list[User]:
    with unscoped():  # the office's people, asked from the requesting site's host
        return list(db.session.scalars(
            select(User).join(Membership, Membership.user_id == User.id).where(
                Membership.tenant_id == office_id, Membership.role == SiteRole.TRANSLATOR,
                User.is_enabled.is_(True))))


def _send(users: Iterable[User | None], subject: str, lines: list[str]) -> None:
    seen: set[str] = set()
    for user in users:
        if user is None or not user.is_enabled or user.email in seen:
            continue
        seen.add(user.email)
        body = "\n\n".join([_("Hello %(name)s,", name=user.display_name), *lines]) + "\n"
        send_after_commit(db.session(), user.email, subject, body)


def _site_name(tenant_id: int) -> str:
    tenant = db.session.get(Tenant, tenant_id)
    return tenant.name if tenant is not None else ""


def requested(req: TranslationRequest, office: Tenant) -> None:
    _send(_translators(office.id),
          _("New translation request: %(title)s", title=req.title),
          [_("%(site)s asks for a translation of “%(title)s”.",
             site=_site_name(req.tenant_id), title=req.title),
           *([_("Due on %(date)s.", date=req.due_on.strftime("%d/%m/%Y"))]
             if req.due_on else []),
           request_url(req, office.id)])


def stepped(req: TranslationRequest, action: str, comment: str) -> None:
    link_site = request_url(req, req.tenant_id)
    link_office = request_url(req, req.partner_tenant_id)
    if action == "submit":
        _send([req.requested_by], _("Translation ready for review: %(title)s",
                                    title=req.title), [link_site])
    elif action in ("return", "cancel"):
        subject = (_("Translation returned: %(title)s", title=req.title)
                   if action == "return" else
                   _("Translation request cancelled: %(title)s", title=req.title))
        _send([req.assignee], subject, [comment, link_office])
    elif action == "approve":
        _send([req.requested_by, req.assignee],
              _("Translation approved: %(title)s", title=req.title), [link_site])


def outdated(req: TranslationRequest) -> None:
    translators = [req.assignee] if req.assignee else _translators(req.partner_tenant_id)
    lines = [_("The original of “%(title)s” was changed after it was translated. The "
               "translation is marked outdated until an update is approved.",
               title=req.title)]
    _send(translators, _("Translation outdated: %(title)s", title=req.title),
          [*lines, request_url(req, req.partner_tenant_id)])
    _send([req.requested_by], _("Translation outdated: %(title)s", title=req.title),
          [*lines, request_url(req, req.tenant_id)])
