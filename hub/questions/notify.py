"""The mails of a question, once the step is committed.

To the citizen (when they gave an email), in the language they wrote in: the receipt
with the tracking code, the refusal with where to send the matter instead (sent at
once, 003 Article 9.6.a), a progress notice with the new date, the answer. To staff:
the reminders of ``jobs`` (2 working days before the due date, and when overdue).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from hub.accounts.models import User
from hub.core.clock import local_day
from hub.core.mail import send_after_commit
from hub.extensions import db
from hub.questions import codes
from hub.questions.models import Question
from tenants.context import current_site
from tenants.hosts import public_base_url, site_host
from tenants.models import Tenant

_BLOCK = re.compile(r"</(p|div|li|h[1-6]|tr|blockquote)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def answer_as_text(markup: str) -> str:
    text = html.unescape(_TAG.sub("", _BLOCK.sub("\n", markup or "")))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def tracking_url(question: Question) -> str:
    """The tracking page on the host where the question was asked."""
    host = site_host(question.asked_tenant_id, question.locale) or site_host(
        question.asked_tenant_id)
    if not host:
        return ""
    # From the URL map, not url_for: reminders leave from the worker too.
    return public_base_url(host) + current_app.url_map.bind(host).build("questions.track")


def _site_name(tenant_id: int, locale: str) -> str:
    site = current_site()  # the host's snapshot names its site without a query
    if site is not None and site.tenant_id == tenant_id and site.locale == locale:
        return str(site.tenant_name)
    tenant = db.session.get(Tenant, tenant_id)
    return tenant.name_in(locale) if tenant is not None else ""


def _to_citizen(question: Question, subject: str, lines: list[str]) -> None:
    if not question.email:
        return
    body = "\n\n".join([_("Dear %(name)s,", name=question.name), *lines,
                        _("This message was sent by %(site)s. Please do not reply to it.",
                          site=_site_name(question.asked_tenant_id, question.locale))])
    send_after_commit(db.session(), question.email, subject, body + "\n")


def _code_lines(question: Question) -> list[str]:
    code = question.code or question.asked_code
    if not code:
        return []
    return [_("Your tracking code: %(code)s", code=codes.display(code)),
            _("Follow your question at %(url)s with this code.", url=tracking_url(question))]


def receipt(question: Question) -> None:
    with force_locale(question.locale):
        _to_citizen(question, _("We received your question: %(title)s",
                                title=question.title),
                    [_("Thank you. We received your question “%(title)s” on %(date)s.",
                       title=question.title,
                       date=local_day(question.received_at).strftime("%d/%m/%Y")),
                     *_code_lines(question),
                     _("Answers guide the application of the law; they are not a legal "
                       "basis for settling civil or administrative matters.")])


def refused(question: Question) -> None:
    with force_locale(question.locale):
        _to_citizen(question, _("Your question cannot be handled here: %(title)s",
                                title=question.title),
                    [_("We cannot handle your question “%(title)s” on this portal.",
                       title=question.title),
                     question.refusal_reason,
                     _("Complaints and denunciations are not received here: please send "
                       "them to the competent agency under the Law on Complaints and "
                       "the Law on Denunciations (the citizen reception office of the "
                       "agency concerned)."),
                     *_code_lines(question)])


def progress(question: Question, note: str) -> None:
    if question.promised_at is None:
        return
    with force_locale(question.locale):
        _to_citizen(question, _("Your question is being answered: %(title)s",
                                title=question.title),
                    [note, _("We will answer by %(date)s.",
                             date=local_day(question.promised_at).strftime("%d/%m/%Y")),
                     *_code_lines(question)])


def answered(question: Question) -> None:
    with force_locale(question.locale):
        _to_citizen(question, _("Answer to your question: %(title)s", title=question.title),
                    [_("Here is the answer of %(unit)s to your question “%(title)s”.",
                       unit=question.answering_unit, title=question.title),
                     answer_as_text(question.answer),
                     f"{question.signer_name}, {question.signer_title}",
                     *_code_lines(question),
                     _("Answers guide the application of the law; they are not a legal "
                       "basis for settling civil or administrative matters.")])


def remind(users: Iterable[User], question: Question, overdue: bool, url: str) -> None:
    """A reminder to the staff of the question's site (always in Vietnamese: staff
    work in the Vietnamese admin)."""
    seen: set[str] = set()
    with force_locale("vi"):
        deadline = question.deadline
        subject = (_("Overdue question: %(title)s", title=question.title) if overdue
                   else _("Question due soon: %(title)s", title=question.title))
        line = (_("The answer was due on %(date)s.",
                  date=local_day(deadline).strftime("%d/%m/%Y")) if overdue and deadline
                else _("The answer is due on %(date)s.",
                       date=local_day(deadline).strftime("%d/%m/%Y")) if deadline else "")
        for user in users:
            if not user.is_enabled or user.email in seen:
                continue
            seen.add(user.email)
            body = "\n\n".join([_("Hello %(name)s,", name=user.display_name), subject,
                                line, url]) + "\n"
            send_after_commit(db.session(), user.email, subject, body)
